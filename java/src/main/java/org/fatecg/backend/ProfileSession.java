package org.fatecg.backend;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.backend.ProfileRecording.Kernel;
import org.fatecg.backend.ProfileRecording.Span;

/**
 * One recording of the {@link Profiler}: the open phases, the kernel calls so far, which primitive
 * made each live output buffer, and the timed wrapper of each backend seen. Phases are tracked for the
 * thread that started the session; kernels called from other threads are still timed, outside phases.
 */
final class ProfileSession {
    /** A phase that is open: its name, path, depth and start. */
    record Open(String name, String path, int depth, long start) {}

    /** A kernel call whose stream events are still to be read (GPU). */
    private record Pending(Kernel host, int startEvent, int endEvent) {}

    private final Thread owner;
    private final long origin = System.nanoTime();
    private final ArrayDeque<Open> open = new ArrayDeque<>();
    private final List<Span> spans = new ArrayList<>();
    private final List<Kernel> kernels = new ArrayList<>();
    private final List<Pending> pending = new ArrayList<>();
    private final IdentityHashMap<Storage, Object> producers = new IdentityHashMap<>();
    private final Map<Backend, ProfiledBackend> wrappers = new IdentityHashMap<>();
    private EventClock clock;
    private String backendName = "none";

    ProfileSession(Thread owner) {
        this.owner = owner;
    }

    long now() {
        return System.nanoTime() - origin;
    }

    synchronized Backend wrap(Backend inner) {
        ProfiledBackend w = wrappers.get(inner);
        if (w == null) {
            w = new ProfiledBackend(inner, this);
            wrappers.put(inner, w);
            backendName = inner.name();
            if (inner instanceof EventClock c) {
                clock = c;
                c.eventTimes(); // forget events from before this session; event 0 is ours from here on
            }
        }
        return w;
    }

    void produced(Storage storage, Object primitive) {
        if (Thread.currentThread() != owner) return;
        if (primitive == null) producers.remove(storage);
        else producers.put(storage, primitive);
    }

    Profiler.Phase open(String name) {
        if (Thread.currentThread() != owner) return Profiler.Phase.NONE;
        Open top = open.peek();
        if (top != null && top.name().equals(name)) return Profiler.Phase.NONE;
        Open o = new Open(name, top == null ? name : top.path() + "/" + name, open.size(), now());
        open.push(o);
        return new Profiler.Phase(this, o);
    }

    void close(Open o) {
        if (open.peek() != o) throw new IllegalStateException("profiler phase '" + o.path() + "' closed out of order");
        open.pop();
        spans.add(new Span(o.name(), o.path(), o.depth(), owner.getId(), o.start(), now() - o.start()));
    }

    /** Records a kernel call timed on the host from start to end (and, on a GPU, between two events). */
    synchronized void kernel(
            String name,
            Storage out,
            long start,
            long end,
            double flops,
            double bytes,
            boolean transfer,
            int startEvent,
            int endEvent) {
        boolean mine = Thread.currentThread() == owner;
        Object prim = mine && out != null ? producers.get(out) : null;
        Open top = mine ? open.peek() : null;
        Kernel k = new Kernel(
                name,
                prim == null ? "-" : prim.toString(),
                top == null ? "" : top.path(),
                Thread.currentThread().getId(),
                start,
                end - start,
                flops,
                bytes,
                transfer);
        if (startEvent >= 0) pending.add(new Pending(k, startEvent, endEvent));
        else kernels.add(k);
    }

    int recordEvent() {
        return clock == null ? -1 : clock.recordEvent();
    }

    /** Ends the session: closes phases left open, reads the stream events, returns the recording. */
    ProfileRecording finish() {
        while (!open.isEmpty()) close(open.peek());
        long wall = now();
        boolean device = clock != null && !pending.isEmpty();
        if (device) {
            long[] at = clock.eventTimes();
            // Event times count from the first event; place it at the first timed call's host start.
            long shift = pending.get(0).host().start();
            for (Pending p : pending) {
                Kernel h = p.host();
                kernels.add(new Kernel(
                        h.name(),
                        h.primitive(),
                        h.phase(),
                        h.thread(),
                        shift + at[p.startEvent()],
                        at[p.endEvent()] - at[p.startEvent()],
                        h.flops(),
                        h.bytes(),
                        h.transfer()));
            }
        }
        spans.sort((a, b) -> Long.compare(a.start(), b.start()));
        return new ProfileRecording(backendName, wall, device, kernels, spans);
    }
}
