package org.fatecg.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the compiled kernels (a fatbin made by CMake from kernels/fatecg_kernels.cu: SASS for sm_75 to
 * sm_90 and PTX for newer GPUs). Looked for, in order:
 * <ol>
 *   <li>the classpath resource {@value #RESOURCE} (Maven packs build/kernels/ into the jar when CMake ran
 *       before it);</li>
 *   <li>the file named by the system property {@code fatecg.kernels} or the environment variable
 *       {@code FATECG_KERNELS};</li>
 *   <li>build/kernels/fatecg_kernels.fatbin in the checkout the classes or jar were loaded from (so a jar
 *       built before CMake still finds kernels built after it), then under the working directory.</li>
 * </ol>
 */
final class KernelImage {
    static final String FILE = "fatecg_kernels.fatbin";
    static final String RESOURCE = "/org/fatecg/backend/cuda/" + FILE;

    private KernelImage() {}

    static byte[] load() throws CudaUnavailableException {
        try (InputStream in = KernelImage.class.getResourceAsStream(RESOURCE)) {
            if (in != null) return in.readAllBytes();
        } catch (IOException e) {
            throw new CudaUnavailableException(
                    "cannot read the kernel resource " + RESOURCE + ": " + e.getMessage(), e);
        }
        return loadFile(candidates());
    }

    /** The first of the given files that exists. */
    static byte[] loadFile(List<Path> candidates) throws CudaUnavailableException {
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new CudaUnavailableException("cannot read " + p + ": " + e.getMessage(), e);
                }
            }
        }
        throw new CudaUnavailableException(
                "no CUDA kernels in this build (run `cmake -S . -B build && cmake --build build "
                        + "--target kernels`, then rebuild or set FATECG_KERNELS; looked in the jar and " + candidates
                        + ")",
                null);
    }

    static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String prop = System.getProperty("fatecg.kernels");
        if (prop != null && !prop.isEmpty()) out.add(Paths.get(prop));
        String env = System.getenv("FATECG_KERNELS");
        if (env != null && !env.isEmpty()) out.add(Paths.get(env));
        Path here = codeLocation();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("kernels")) && Files.isRegularFile(dir.resolve("CMakeLists.txt"))) {
                out.add(dir.resolve("build").resolve("kernels").resolve(FILE));
                break;
            }
        }
        out.add(Paths.get("build", "kernels", FILE).toAbsolutePath());
        return out;
    }

    private static Path codeLocation() {
        try {
            return Paths.get(KernelImage.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
