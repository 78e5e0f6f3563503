package org.fatecg.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.fatecg.backend.ProfileRecording;
import org.fatecg.backend.ProfileRecording.Kernel;
import org.fatecg.backend.ProfileRecording.Span;
import org.fatecg.io.Json;

/**
 * A profile as a Chrome trace-event file (the JSON Object Format of the Trace Event Format, which
 * Perfetto and chrome://tracing open): one complete event ("ph": "X", with "ts" and "dur" in
 * microseconds) per phase span and per kernel call, plus metadata events ("ph": "M") naming the
 * process and its tracks. Phases and the kernels inside them share the host thread's track, where
 * they nest by time; kernels timed with stream events (a GPU) get a track of their own.
 */
public final class TraceEvents {
    /** The track of stream-timed kernels; host threads use their thread ids. */
    static final long STREAM_TRACK = 1_000_000;

    private static final int PID = 1;

    private TraceEvents() {}

    public static Map<String, Object> of(ProfileRecording rec, String title) {
        List<Object> events = new ArrayList<>();
        events.add(meta("process_name", 0, "fatecg " + title + " (" + rec.backend() + ")"));
        TreeSet<Long> threads = new TreeSet<>();
        for (Span s : rec.spans()) {
            threads.add(s.thread());
            events.add(complete(s.name(), "phase", s.thread(), s.start(), s.nanos(), Map.of("path", s.path())));
        }
        for (Kernel k : rec.kernels()) {
            long track = rec.deviceClock() ? STREAM_TRACK : k.thread();
            threads.add(track);
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("primitive", k.primitive());
            args.put("phase", k.phase());
            args.put("flops", k.flops());
            args.put("bytes", k.bytes());
            events.add(complete(k.name(), k.transfer() ? "transfer" : "kernel", track, k.start(), k.nanos(), args));
        }
        for (long t : threads)
            events.add(meta("thread_name", t, t == STREAM_TRACK ? "GPU stream (event-timed)" : "host thread " + t));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("traceEvents", events);
        root.put("displayTimeUnit", "ms");
        return root;
    }

    public static void write(Path file, ProfileRecording rec, String title) throws IOException {
        Json.write(file, of(rec, title));
    }

    private static Map<String, Object> complete(
            String name, String cat, long tid, long startNanos, long nanos, Map<String, Object> args) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", name);
        e.put("cat", cat);
        e.put("ph", "X");
        e.put("ts", startNanos / 1e3);
        e.put("dur", nanos / 1e3);
        e.put("pid", PID);
        e.put("tid", tid);
        e.put("args", args);
        return e;
    }

    private static Map<String, Object> meta(String what, long tid, String name) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", what);
        e.put("ph", "M");
        e.put("pid", PID);
        e.put("tid", tid);
        e.put("args", Map.of("name", name));
        return e;
    }
}
