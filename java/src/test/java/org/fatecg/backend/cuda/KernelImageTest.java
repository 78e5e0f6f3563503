package org.fatecg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the kernels are looked for when the jar has none, and what is said when nothing is found. */
class KernelImageTest {
    @Test
    void theFirstExistingCandidateIsRead(@TempDir Path dir) throws IOException, CudaUnavailableException {
        Path image = dir.resolve("k.fatbin");
        Files.write(image, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, KernelImage.loadFile(List.of(dir.resolve("missing"), image)));
    }

    @Test
    void nothingFoundNamesTheBuildCommand(@TempDir Path dir) {
        CudaUnavailableException e = assertThrows(
                CudaUnavailableException.class, () -> KernelImage.loadFile(List.of(dir.resolve("missing.fatbin"))));
        assertTrue(e.getMessage().contains("cmake") && e.getMessage().contains("missing.fatbin"), e.getMessage());
    }

    @Test
    void thePropertyComesFirstAndTheCheckoutIsSearched() {
        String old = System.getProperty("fatecg.kernels");
        try {
            System.setProperty("fatecg.kernels", "/somewhere/k.fatbin");
            List<Path> c = KernelImage.candidates();
            assertEquals(Path.of("/somewhere/k.fatbin"), c.get(0));
            // Tests run from java/target/test-classes: the checkout's build/kernels is among the candidates.
            assertTrue(
                    c.stream()
                            .anyMatch(p -> p.endsWith(Path.of("build", "kernels", KernelImage.FILE))
                                    && Files.isDirectory(p.getParent()
                                            .getParent()
                                            .getParent()
                                            .resolve("kernels"))),
                    c.toString());
        } finally {
            if (old == null) System.clearProperty("fatecg.kernels");
            else System.setProperty("fatecg.kernels", old);
        }
    }
}
