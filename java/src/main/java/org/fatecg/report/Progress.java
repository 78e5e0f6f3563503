/*
 * Progress: a one-line text progress bar for long loops (rounds, clients, epochs, evaluation):
 * label, bar, done/total, percent, rate per second and ETA. On a terminal it redraws its line in
 * place with '\r', at most ten times a second; elsewhere (a log file, CI) it prints nothing per
 * tick and, if asked, one final line. Nesting is by separate bars with their own labels, the inner
 * ones marked transient so they erase themselves instead of leaving a line per epoch.
 * It is not a logger and not thread-safe: one loop, one thread, one bar.
 */
package org.fatecg.report;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

  /** A bar on {@code out} that redraws in place only when the JVM has a console (a terminal). */
  public Progress(String label, long total, PrintStream out) {
    this(label, total, out, System.console() != null, System::nanoTime);
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
    len = 0;
    System.arraycopy(label, 0, buf, 0, label.length);
    len = label.length;
    double seconds = (now - start) / 1e9;
    double rate = seconds > 0 ? done / seconds : Double.NaN;
    if (total > 0) {
      // Bar cells: floor(BAR_WIDTH * done / total), clamped, so it is full only when done >= total.
      long filled = Math.max(0, Math.min(BAR_WIDTH, BAR_WIDTH * done / total));
      text(" [");
      for (int i = 0; i < BAR_WIDTH; i++) {
        buf[len++] = (byte) (i < filled ? '#' : '.');
      }
      text("] ");
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
