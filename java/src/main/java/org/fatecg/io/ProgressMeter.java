package org.fatecg.io;

/**
 * How far a long loop (rounds, epochs, evaluation batches) has got, told to whoever shows it. The
 * engine's loops only step a meter and know nothing of terminals; {@code report.Progress} is the meter
 * that draws a text bar. A loop that takes an {@link Opener} takes null for "show nothing".
 */
public interface ProgressMeter extends AutoCloseable {
    /** One more unit of work is done. */
    void step();

    /** The loop is over (also when it ends by an exception). */
    @Override
    void close();

    /** Opens a meter for one loop of {@code total} units under a short label. */
    @FunctionalInterface
    interface Opener {
        ProgressMeter open(String label, long total);
    }
}
