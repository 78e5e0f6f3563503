/*
 * Progress: a one-line text progress bar for long loops (rounds, clients, epochs, evaluation):
 * label, bar, done/total, percent, rate per second and ETA. On a terminal it redraws its line in
 * place with '\r', at most ten times a second; elsewhere (a log file, a pipe, CI) it prints nothing
 * per tick and, if asked, one final line. Whether stderr is a terminal is decided once by
 * {@link #terminal()}. Nesting is by separate bars with their own labels, the inner
 * ones marked transient so they erase themselves instead of leaving a line per epoch.
 * It is not a logger and not thread-safe: one loop, one thread, one bar.
 */
package org.fatecg.report;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.fatecg.io.ProgressMeter;

/**
 * A progress bar. {@link #step()} is allocation-free, redraws included: the line is built in a
 * reused byte buffer. Typical use:
 * <pre>
 *   try (Progress p = new Progress("epoch 3/5", batches, System.err).transientLine(true)) {
 *     for (...) { ...; p.step(); }
 *   }
 * </pre>
 * Line format (rate = done / elapsed, ETA = (total - done) / rate):
 * <pre>
 *   epoch 3/5 [############............]  512/1024  50%  256/s  ETA 0:02
 *   epoch 3/5 [########################] 1024/1024 100%  256/s  in 0:04
 * </pre>
 * With an unknown total (total &lt;= 0) the bar, percent and ETA are left out.
 */
public final class Progress implements ProgressMeter {

    static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L; // 10 redraws per second at most

    private final byte[] label;
    private final long total;
    private final PrintStream out;
    private final boolean interactive;
    private final LongSupplier clock;
    private final long start;
    private final byte[] buf;
    private int len;
    private int lastDrawnLen;
    private long done;
    private long lastDraw = Long.MIN_VALUE;
    private boolean finalLine;
    private boolean transientLine;
    private boolean closed;
    private int columns = columns();

    /** The environment variable that overrides the terminal test: "bars" or "lines". */
    public static final String SETTING = "FATECG_PROGRESS";
    /** The terminal's width, which the launcher reads with stty; COLUMNS is the fallback, then 80. */
    public static final String COLUMNS = "FATECG_COLUMNS";

    private static Boolean terminal;

    /** A bar on {@code out} that redraws in place only when stderr is a terminal ({@link #terminal()}). */
    public Progress(String label, long total, PrintStream out) {
        this(label, total, out, terminal(), System::nanoTime);
    }

    /**
     * Whether bars should redraw in place: {@value #SETTING} when set (the launcher sets it from
     * {@code [ -t 2 ]}, because it pipes the JVM's stderr), else whether file descriptor 2 is a
     * terminal device, else (no /proc) whether the JVM has a console. Decided once per process.
     */
    public static synchronized boolean terminal() {
        if (terminal == null) terminal = decide(System.getenv(SETTING), stderrDevice(), System.console() != null);
        return terminal;
    }

    /**
     * The decision of {@link #terminal()} from its inputs. {@code console} (System.console() != null)
     * is only the last resort: it asks whether stdin and stdout are terminals, so {@code fatecg run |
     * tee log} would lose the bars although stderr is still the terminal.
     *
     * @param setting      the value of {@value #SETTING}, or null
     * @param stderrDevice what /proc/self/fd/2 links to ("/dev/pts/3", "pipe:[123]", a file), or null
     * @param console      whether System.console() is non-null
     */
    static boolean decide(String setting, String stderrDevice, boolean console) {
        if (setting != null && !setting.isBlank()) {
            switch (setting.trim().toLowerCase(Locale.ROOT)) {
                case "bars":
                    return true;
                case "lines":
                    return false;
                default:
                    throw new IllegalArgumentException(SETTING + "='" + setting + "': expected bars or lines");
            }
        }
        if (stderrDevice != null) {
            return stderrDevice.startsWith("/dev/pts/")
                    || stderrDevice.startsWith("/dev/tty")
                    || stderrDevice.equals("/dev/console");
        }
        return console;
    }

    private static String stderrDevice() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
        } catch (Exception e) {
            return null; // not Linux, or /proc not mounted
        }
    }

    /** Full control, for tests and for callers that know better: {@code clock} returns nanoseconds. */
    public Progress(String label, long total, PrintStream out, boolean interactive, LongSupplier clock) {
        this.label = (label == null ? "" : label).getBytes(StandardCharsets.UTF_8);
        this.total = total;
        this.out = out;
        this.interactive = interactive;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.buf = new byte[this.label.length + 160]; // the rest is < 130 ASCII bytes
    }

    /**
     * The terminal width the line must stay under: a line as wide as the terminal wraps, and '\r' then
     * returns to the start of its last row only, so every redraw would leave a row behind. The bar
     * shrinks (down to 6 cells, then goes), and a label too long even without it is cut.
     */
    public Progress width(int columns) {
        this.columns = Math.max(20, columns);
        return this;
    }

    /** {@value #COLUMNS}, else COLUMNS, else 80. */
    static int columns() {
        for (String name : new String[] {COLUMNS, "COLUMNS"}) {
            String v = System.getenv(name);
            if (v != null) {
                try {
                    int c = Integer.parseInt(v.trim());
                    if (c > 0) return c;
                } catch (NumberFormatException e) {
                    // not a number: try the next source
                }
            }
        }
        return 80;
    }

    /**
     * Opens bars on {@code out} for the engine's loops (e.g. RobustEvaluator's batches); off a terminal
     * each prints one final line.
     */
    public static ProgressMeter.Opener barsOn(PrintStream out) {
        return (label, total) -> new Progress(label, total, out).finalLine(true);
    }

    /** When not on a terminal, print one summary line at {@link #close()} (default: print nothing). */
    public Progress finalLine(boolean on) {
        finalLine = on;
        return this;
    }

    /** On a terminal, erase the line at {@link #close()} instead of keeping it (for inner bars). */
    public Progress transientLine(boolean on) {
        transientLine = on;
        return this;
    }

    public long done() {
        return done;
    }

    @Override
    public void step() {
        step(1);
    }

    public void step(long n) {
        set(done + n);
    }

    /** Sets the count; redraws if on a terminal and the last redraw is 100 ms old or the bar is full. */
    public void set(long newDone) {
        done = newDone;
        if (!interactive || closed) {
            return;
        }
        long now = clock.getAsLong();
        if (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS || (total > 0 && done >= total)) {
            lastDraw = now;
            format(now, false);
            redraw();
        }
    }

    /**
     * Ends the bar. On a terminal: the final state stays as a line (or is erased if transient).
     * Elsewhere: one final line if {@link #finalLine(boolean)} asked for it, else nothing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long now = clock.getAsLong();
        if (interactive) {
            if (transientLine) {
                len = 0;
                redraw();
                out.write('\r');
            } else {
                format(now, true);
                redraw();
                out.write('\n');
            }
            out.flush();
        } else if (finalLine) {
            format(now, true);
            out.write(buf, 0, len);
            out.write('\n');
            out.flush();
        }
    }

    /** The line as it would be drawn now (for tests and for callers that log it themselves). */
    public String line() {
        format(clock.getAsLong(), closed);
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    /** '\r', the line, and spaces over whatever a longer previous line left behind. */
    private void redraw() {
        out.write('\r');
        out.write(buf, 0, len);
        for (int i = len; i < lastDrawnLen; i++) {
            out.write(' ');
        }
        lastDrawnLen = len;
        out.flush();
    }

    private void format(long now, boolean finished) {
        // Room: everything but the label and the bar takes 2d + 29 bytes or less (d digits of total:
        // " 123/456 100%", "  12345/s", "  ETA 1:23:45"; a rate of 100000/s or more adds a byte per
        // digit); the line stays within columns - 1.
        int rest = total > 0 ? 2 * digits(total) + 29 : digits(Math.max(done, 0)) + 24;
        int room = columns - 1 - rest;
        int cells = total > 0 ? Math.min(BAR_WIDTH, room - label.length - 4) : 0;
        if (cells < 6) {
            cells = 0;
        }
        int labelLen = Math.max(0, Math.min(label.length, room - (cells > 0 ? cells + 4 : 1)));
        while (labelLen > 0 && labelLen < label.length && (label[labelLen] & 0xC0) == 0x80) {
            labelLen--; // do not cut a UTF-8 character in two
        }
        System.arraycopy(label, 0, buf, 0, labelLen);
        len = labelLen;
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : Double.NaN;
        if (total > 0) {
            if (cells > 0) {
                // Bar cells: floor(cells * done / total), clamped, so it is full only when done >= total.
                long filled = Math.max(0, Math.min(cells, cells * done / total));
                text(" [");
                for (int i = 0; i < cells; i++) {
                    buf[len++] = (byte) (i < filled ? '#' : '.');
                }
                text("] ");
            } else {
                buf[len++] = ' ';
            }
            integer(done, digits(total));
            buf[len++] = '/';
            integer(total, 0);
            buf[len++] = ' ';
            integer(Math.max(0, Math.min(100, 100 * done / total)), 3);
            buf[len++] = '%';
        } else {
            buf[len++] = ' ';
            integer(done, 0);
        }
        text("  ");
        rate(rate);
        text("/s");
        if (finished) {
            text("  in ");
            duration(seconds);
        } else if (total > 0) {
            text("  ETA ");
            duration(rate > 0 ? Math.max(0, total - done) / rate : Double.NaN);
        }
    }

    private void text(String s) {
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private static int digits(long v) {
        int d = 1;
        for (long x = Math.abs(v); x >= 10; x /= 10) {
            d++;
        }
        return v < 0 ? d + 1 : d;
    }

    /** Decimal digits of v, right-aligned in {@code width} with spaces. */
    private void integer(long v, int width) {
        for (int pad = width - digits(v); pad > 0; pad--) {
            buf[len++] = ' ';
        }
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int end = len + digits(v);
        for (int i = end - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len = end;
    }

    /** Rate with 2 decimals below 10, 1 below 100, none above; "--" when unknown. */
    private void rate(double r) {
        if (!(r >= 0) || Double.isInfinite(r)) {
            text("--");
            return;
        }
        int decimals = r < 10 ? 2 : r < 100 ? 1 : 0;
        long scale = decimals == 2 ? 100 : decimals == 1 ? 10 : 1;
        long fixed = Math.round(r * scale);
        integer(fixed / scale, 0);
        if (decimals > 0) {
            buf[len++] = '.';
            long frac = fixed % scale;
            if (decimals == 2) {
                buf[len++] = (byte) ('0' + frac / 10);
            }
            buf[len++] = (byte) ('0' + frac % 10);
        }
    }

    /** M:SS, or H:MM:SS from an hour on; "--:--" when unknown. */
    private void duration(double seconds) {
        if (!(seconds >= 0) || seconds > 1e9) {
            text("--:--");
            return;
        }
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s / 60) % 60;
        if (h > 0) {
            integer(h, 0);
            buf[len++] = ':';
            twoDigits(m);
        } else {
            integer(m, 0);
        }
        buf[len++] = ':';
        twoDigits(s % 60);
    }

    private void twoDigits(long v) {
        buf[len++] = (byte) ('0' + v / 10);
        buf[len++] = (byte) ('0' + v % 10);
    }
}
