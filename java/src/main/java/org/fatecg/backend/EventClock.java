package org.fatecg.backend;

/**
 * A backend whose kernels run asynchronously on a stream (CUDA): the profiler times them with events
 * queued on that stream between the kernels, since a host clock around an asynchronous launch only
 * measures the launch.
 */
public interface EventClock {
    /** Queues a timing event after the work queued so far; returns its number in this session (0, 1, ...). */
    int recordEvent();

    /**
     * Waits for the stream, then returns each recorded event's time in nanoseconds after the first one,
     * in recording order, and forgets them (the next event is number 0 again).
     */
    long[] eventTimes();
}
