package org.fatecg.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.fatecg.backend.ProfileRecording;
import org.fatecg.backend.Profiler;
import org.fatecg.io.Json;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The trace file checked against the Trace Event Format's JSON Object Format (the document Chrome's
 * trace viewer and Perfetto read): a "traceEvents" array; every event with a string name, a phase
 * type "ph", integer pid and tid; complete events ("X") with numeric ts and dur >= 0 in microseconds;
 * metadata events ("M") naming a process or thread in args.name; and, since viewers draw the
 * complete events of one thread as a stack, those events properly nested (disjoint or contained).
 */
public class TraceEventsTest {

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> validate(String json) {
        Object root = Json.parse(json);
        assertInstanceOf(Map.class, root, "the JSON Object Format has an object at the top");
        Object events = ((Map<String, Object>) root).get("traceEvents");
        assertInstanceOf(List.class, events, "traceEvents must be an array");
        List<Map<String, Object>> out = new ArrayList<>();
        Map<String, List<double[]>> tracks = new HashMap<>();
        for (Object o : (List<Object>) events) {
            assertInstanceOf(Map.class, o);
            Map<String, Object> e = (Map<String, Object>) o;
            assertInstanceOf(String.class, e.get("name"), "name of " + e);
            Object ph = e.get("ph");
            assertTrue(Set.of("X", "M").contains(ph), "ph of " + e);
            assertTrue(isInteger(e.get("pid")) && isInteger(e.get("tid")), "pid and tid must be integers: " + e);
            if (ph.equals("X")) {
                double ts = num(e.get("ts")), dur = num(e.get("dur"));
                assertTrue(ts >= 0 && dur >= 0, "ts and dur >= 0: " + e);
                tracks.computeIfAbsent(e.get("pid") + "/" + e.get("tid"), k -> new ArrayList<>())
                        .add(new double[] {ts, ts + dur});
            } else {
                assertTrue(Set.of("process_name", "thread_name").contains(e.get("name")), e.toString());
                assertInstanceOf(String.class, ((Map<String, Object>) e.get("args")).get("name"));
            }
            out.add(e);
        }
        for (Map.Entry<String, List<double[]>> t : tracks.entrySet()) {
            List<double[]> s = t.getValue();
            for (int i = 0; i < s.size(); i++)
                for (int j = i + 1; j < s.size(); j++) {
                    double[] a = s.get(i), b = s.get(j);
                    boolean disjoint = a[1] <= b[0] || b[1] <= a[0];
                    boolean nested = (a[0] <= b[0] && b[1] <= a[1]) || (b[0] <= a[0] && a[1] <= b[1]);
                    if (!disjoint && !nested) fail("events overlap without nesting on track " + t.getKey());
                }
        }
        return out;
    }

    private static boolean isInteger(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof Double d && d == Math.rint(d);
    }

    private static double num(Object o) {
        assertInstanceOf(Number.class, o, "a number: " + o);
        return ((Number) o).doubleValue();
    }

    @Test
    void aProfiledGradientIsAWellFormedTrace() {
        Tensor x = Arena.unmanaged(() -> Tensor.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f}, 1, 2, 3))
                .requiresGrad(true);
        Tensor w =
                Arena.unmanaged(() -> Tensor.of(new float[] {1, -1, 0.5f, 2, 0, 1, -1, 1, 0.25f, 0.5f, 1, 1}, 2, 2, 3));
        Profiler.start();
        try (Profiler.Phase step = Profiler.phase("step");
                Arena a = Arena.open()) {
            Tensor loss;
            try (Profiler.Phase f = Profiler.phase("forward")) {
                loss = Functional.sum(x.conv1d(w, 1).relu().maxPool2());
            }
            Autograd.grad(loss, x)[0].toArray();
        }
        ProfileRecording rec = Profiler.stop();
        List<Map<String, Object>> events = validate(Json.write(TraceEvents.of(rec, "test")));
        long complete = events.stream().filter(e -> e.get("ph").equals("X")).count();
        assertEquals(rec.kernels().size() + rec.spans().size(), complete);
        assertTrue(events.stream().anyMatch(e -> e.get("name").equals("conv1d.forward")));
        assertTrue(events.stream().anyMatch(e -> e.get("name").equals("conv1d.backInput")));
        assertTrue(events.stream().anyMatch(e -> e.get("name").equals("backward")));
    }
}
