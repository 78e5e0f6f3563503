package org.fatecg.flower;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.fatecg.fl.Aggregation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fatecg's FedAvg against Flower 1.26.1's own (flwr.serverapp.strategy.strategy_utils.aggregate_arrayrecords,
 * what FedAvg.aggregate_train calls), run by the rig's Python on the same updates and sample counts: the
 * two must agree bit for bit, so that a simulation replaying a Flower run's draw trains from the same
 * global weights every round. Skips visibly when the rig is absent.
 */
class FlowerFedAvgTest {
    private static final String FLOWER_FEDAVG = String.join(
            "\n",
            "import struct, sys",
            "import numpy as np",
            "from flwr.common import Array, ArrayRecord, MetricRecord, RecordDict",
            "from flwr.serverapp.strategy.strategy_utils import aggregate_arrayrecords",
            "lines = open(sys.argv[1]).read().split('\\n')",
            "records = []",
            "for line in lines:",
            "    if not line: continue",
            "    count, hexbits = line.split(' ')",
            "    w = np.frombuffer(bytes.fromhex(hexbits), dtype='>i4').astype('<i4').view(np.float32)",
            "    records.append(RecordDict({'arrays': ArrayRecord({'w': Array(w.copy())}),",
            "                               'metrics': MetricRecord({'num-examples': int(count)})}))",
            "out = aggregate_arrayrecords(records, 'num-examples')['w'].numpy()",
            "assert out.dtype == np.float32, out.dtype",
            "print(out.view('<i4').astype('>i4').tobytes().hex())");

    @Test
    void sameBitsAsFlowersFedAvg(@TempDir Path work) throws IOException, InterruptedException {
        FlowerRig.assumeAvailable(work);
        Random r = new Random(7);
        int d = 4096;
        long[] counts = {8758, 8757, 31, 1000, 8758}; // partition sizes as the quick preset makes them, and odd ones
        List<float[]> updates = new ArrayList<>();
        StringBuilder input = new StringBuilder();
        for (long c : counts) {
            float[] w = new float[d];
            for (int j = 0; j < d; j++) w[j] = (float) (r.nextGaussian() * 0.05);
            updates.add(w);
            input.append(c).append(' ').append(hex(w)).append('\n');
        }
        Path in = work.resolve("updates.txt");
        Files.writeString(in, input, StandardCharsets.US_ASCII);
        Path script = work.resolve("fedavg.py");
        Files.writeString(script, FLOWER_FEDAVG, StandardCharsets.US_ASCII);
        ProcessBuilder pb = new ProcessBuilder(
                        "bash",
                        "-c",
                        ". \"$0/env.sh\" >/dev/null && exec \"$FLOWER_PYTHON\" \"$1\" \"$2\"",
                        FlowerRig.DIR.toString(),
                        script.toString(),
                        in.toString())
                .redirectErrorStream(true);
        pb.environment().put("FLOWER_WORK", work.resolve("flower").toString());
        Path log = work.resolve("fedavg.out");
        Process p = pb.redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) p.destroyForcibly();
        String out = Files.readString(log, StandardCharsets.US_ASCII).trim();
        assertTrue(ended, "Flower's aggregation did not end within 120 s: " + out);
        assertEquals(0, p.exitValue(), "Flower's aggregation did not run: " + out);

        float[] ours = Aggregation.fedAvg(updates, counts);
        String expected = out.substring(out.lastIndexOf('\n') + 1);
        int differ = 0;
        for (int j = 0; j < d; j++)
            if (Float.floatToRawIntBits(ours[j]) != (int) Long.parseLong(expected.substring(8 * j, 8 * j + 8), 16))
                differ++;
        assertEquals(0, differ, "coordinates where fatecg's FedAvg and Flower's differ in bits, of " + d);
        // and the float sum is not the double one: the test can tell them apart
        int offByRounding = 0;
        long m = 0;
        for (long c : counts) m += c;
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int i = 0; i < counts.length; i++) s += (double) counts[i] / m * updates.get(i)[j];
            if ((float) s != ours[j]) offByRounding++;
        }
        assertTrue(offByRounding > d / 10, "only " + offByRounding + " coordinates differ from a double sum");
    }

    private static String hex(float[] w) {
        StringBuilder sb = new StringBuilder(w.length * 8);
        for (float f : w) sb.append(String.format("%08x", Float.floatToRawIntBits(f)));
        return sb.toString();
    }
}
