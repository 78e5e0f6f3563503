package org.fatecg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Writes the golden files that the CPU harness (kernels/harness) replays: one file per case of
 * {@link GoldenCases}, into the directory named by -Dfatecg.golden.dir (default target/golden).
 * kernels/ci-host-harness.sh runs this test, then builds and runs the harness.
 *
 * <p>The test itself checks that the cases cover the backend: every kernel is launched by some case,
 * cuBLAS is called, every case expects something, and labels are unique (one file each).
 */
class CudaGoldenWriterTest {
    @Test
    void writesGoldenFilesCoveringEveryKernel() throws IOException {
        Path dir = Paths.get(System.getProperty("fatecg.golden.dir", "target/golden"));
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "*.golden")) {
            for (Path p : old) Files.delete(p);
        }
        List<GoldenCase> cases = GoldenCases.golden();
        Set<CudaKernel> launched = EnumSet.noneOf(CudaKernel.class);
        Set<String> labels = new HashSet<>();
        int sgemm = 0;
        for (GoldenCase c : cases) {
            assertTrue(labels.add(c.label), "duplicate case label " + c.label);
            assertTrue(c.expectations() > 0 || c.label.equals("enums"), c.label + " expects nothing");
            launched.addAll(c.device.launched);
            sgemm += c.device.sgemmCalls;
            Files.write(dir.resolve(c.label + ".golden"), c.text().getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(EnumSet.allOf(CudaKernel.class), launched, "kernels no golden case launches");
        assertTrue(sgemm >= 4 * 3, "GEMM and conv cases must reach cuBLAS");
        long written;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.golden")) {
            written = 0;
            for (Path p : files) {
                String head = new String(Files.readAllBytes(p), StandardCharsets.US_ASCII).split("\n", 2)[0];
                assertEquals("fatecg-golden 1", head, p.toString());
                written++;
            }
        }
        assertEquals(cases.size(), written);
    }
}
