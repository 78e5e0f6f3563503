package org.fatecg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1000 * MS;

    private final long[] now = {0};
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String drained() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return s;
    }

    @Test
    void terminalRedrawsInPlaceWithRateAndEta() {
        Progress p = new Progress("epoch", 1024, out, true, () -> now[0]);
        now[0] = 2 * S;
        p.set(512);
        assertEquals("\repoch [############............]  512/1024  50%  256/s  ETA 0:02", drained());
        now[0] += 50 * MS;
        p.step();
        assertEquals("", drained(), "redraws at most every 100 ms");
        now[0] += 60 * MS;
        p.step();
        assertTrue(drained().startsWith("\repoch [############............]  514/1024  50%"));
        now[0] = 4 * S;
        p.set(1024);
        assertEquals("\repoch [########################] 1024/1024 100%  256/s  ETA 0:00", drained());
        p.close();
        // "in 0:04" is one character shorter than "ETA 0:00": a space clears the leftover.
        assertEquals("\repoch [########################] 1024/1024 100%  256/s  in 0:04 \n", drained());
        p.close();
        assertEquals("", drained(), "closing twice prints nothing more");
    }

    @Test
    void fullBarIsDrawnAtOnceEvenWithinThrottle() {
        Progress p = new Progress("c", 2, out, true, () -> now[0]);
        now[0] = S;
        p.step();
        drained();
        now[0] += MS;
        p.step();
        assertEquals("\rc [########################] 2/2 100%  2.00/s  ETA 0:00", drained());
    }

    @Test
    void rateDecimalsAndLongEta() {
        Progress p = new Progress("r", 10_000, out, false, () -> now[0]);
        now[0] = 2 * S;
        p.set(3);
        assertEquals("r [........................]     3/10000   0%  1.50/s  ETA 1:51:05", p.line());
        // 9997 left at 1.5/s = 6664.7 s, rounded to 6665 s = 1:51:05.
        now[0] = 10 * S;
        p.set(150);
        assertEquals("r [........................]   150/10000   1%  15.0/s  ETA 10:57", p.line());
        assertEquals("", drained(), "not a terminal: nothing per tick");
    }

    @Test
    void unknownTotalAndNoElapsedTime() {
        Progress p = new Progress("eval", 0, out, false, () -> now[0]);
        p.set(7);
        assertEquals("eval 7  --/s", p.line());
        now[0] = 2 * S;
        p.set(42);
        assertEquals("eval 42  21.0/s", p.line());
    }

    @Test
    void notATerminalPrintsOnlyTheOptionalFinalLine() {
        Progress quiet = new Progress("q", 4, out, false, () -> now[0]);
        Progress loud = new Progress("l", 4, out, false, () -> now[0]).finalLine(true);
        now[0] = 65 * S;
        for (int i = 0; i < 4; i++) {
            quiet.step();
            loud.step();
        }
        quiet.close();
        assertEquals("", drained());
        loud.close();
        assertEquals("l [########################] 4/4 100%  0.06/s  in 1:05\n", drained());
    }

    @Test
    void transientBarErasesItself() {
        Progress p = new Progress("inner", 3, out, true, () -> now[0]).transientLine(true);
        now[0] = S;
        p.step();
        String drawn = drained();
        int width = drawn.length() - 1; // without the leading '\r'
        p.close();
        assertEquals("\r" + " ".repeat(width) + "\r", drained());
    }

    @Test
    void unicodeLabelSurvives() {
        Progress p = new Progress("Runde ä", 1, out, false, () -> now[0]);
        assertTrue(p.line().startsWith("Runde ä ["));
    }

    @Test
    void tickingAndRedrawingAllocateNothing() {
        long[] t = {0};
        Progress p =
                new Progress("alloc", 1_000_000, new PrintStream(OutputStream.nullOutputStream()), true, () -> t[0]);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        for (int rep = 0; rep < 2; rep++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 20_000; i++) {
                t[0] += 150 * MS; // every tick redraws
                p.step();
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            if (rep == 1) {
                assertTrue(allocated < 4096, "20k redraws allocated " + allocated + " bytes");
            }
        }
        assertEquals(40_000, p.done());
    }
}
