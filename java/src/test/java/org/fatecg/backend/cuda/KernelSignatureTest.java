package org.fatecg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Java side of every launch against the C side: CudaKernel's signatures must be those of the
 * extern "C" __global__ functions in kernels/fatecg_kernels.cu (names, types and order), and KernelArgs
 * must refuse an argument in the wrong place. A JCuda launch with a wrong argument list does not fail;
 * it computes garbage, so this is checked here, without a GPU.
 */
class KernelSignatureTest {
    private static final Pattern GLOBAL = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(([^)]*)\\)");

    static Path kernelSource() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("kernels").resolve("fatecg_kernels.cu");
            if (Files.isRegularFile(p)) return p;
        }
        throw new AssertionError(
                "kernels/fatecg_kernels.cu not found above " + Paths.get("").toAbsolutePath());
    }

    static Map<String, String> signaturesInSource() throws IOException {
        String src = new String(Files.readAllBytes(kernelSource()), StandardCharsets.UTF_8);
        String noComments = src.replaceAll("//[^\n]*", "");
        Map<String, String> out = new TreeMap<>();
        Matcher m = GLOBAL.matcher(noComments);
        while (m.find()) out.put(m.group(1), CudaKernel.normalise(m.group(2)));
        return out;
    }

    @Test
    void everyKernelSignatureMatchesTheCudaSource() throws IOException {
        Map<String, String> source = signaturesInSource();
        Map<String, String> java = new TreeMap<>();
        for (CudaKernel k : CudaKernel.values()) java.put(k.symbol, k.signature);
        assertEquals(source.keySet(), java.keySet(), "kernels declared in the .cu vs in CudaKernel");
        for (CudaKernel k : CudaKernel.values())
            assertEquals(source.get(k.symbol), k.signature, "signature of " + k.symbol);
        assertEquals(19, source.size(), "kernel count changed: update GoldenCases and the harness too");
    }

    @Test
    void parameterKindsAreParsed() {
        assertEquals(
                "PTR PTR STRIDES PTR STRIDES DIMS INT INT",
                CudaKernel.BINARY.params.stream().map(p -> p.kind.name()).collect(Collectors.joining(" ")));
        assertEquals(
                "float* p, const float* g, float lr, int n",
                CudaKernel.normalise("float *p,\n  const float*g , float lr, int n"));
    }

    @Test
    void argumentsInTheWrongPlaceAreRefused() {
        DeviceBuffer buf = () -> 4;
        // SGD is (p, g, lr, n): giving g first is refused by name.
        IllegalStateException swapped =
                assertThrows(IllegalStateException.class, () -> new KernelArgs(CudaKernel.SGD_STEP).buf("g", buf));
        assertTrue(swapped.getMessage().contains("float* p"), swapped.getMessage());
        // A float where an int belongs is refused by kind.
        assertThrows(
                IllegalStateException.class,
                () -> new KernelArgs(CudaKernel.SGD_STEP)
                        .buf("p", buf)
                        .buf("g", buf)
                        .i("lr", 1));
        // Missing arguments are refused at launch.
        assertThrows(
                IllegalStateException.class,
                () -> new KernelArgs(CudaKernel.SGD_STEP).buf("p", buf).complete());
        // Too many.
        assertThrows(
                IllegalStateException.class,
                () -> new KernelArgs(CudaKernel.SGD_STEP)
                        .buf("p", buf)
                        .buf("g", buf)
                        .f("lr", 1f)
                        .i("n", 4)
                        .i("n", 4));
        KernelArgs ok = new KernelArgs(CudaKernel.SGD_STEP)
                .buf("p", buf)
                .buf("g", buf)
                .f("lr", 0.5f)
                .i("n", 4)
                .complete();
        assertEquals(4, ok.values.length);
    }

    @Test
    void structsArePackedAsTheCLayout() {
        DeviceBuffer buf = () -> 4;
        KernelArgs a = new KernelArgs(CudaKernel.STRIDED)
                .buf("out", buf)
                .buf("in", buf)
                .i("inOffset", 3)
                .strides("inStrides", new int[] {7, 1})
                .dims("shape", new int[] {2, 5})
                .i("n", 10)
                .complete();
        assertEquals("[7, 1, 0, 0, 0, 0, 0, 0]", java.util.Arrays.toString((int[]) a.values[3]));
        assertEquals("[2, 2, 5, 0, 0, 0, 0, 0, 0]", java.util.Arrays.toString((int[]) a.values[4]));
        assertThrows(
                IllegalArgumentException.class,
                () -> new KernelArgs(CudaKernel.STRIDED)
                        .buf("out", buf)
                        .buf("in", buf)
                        .i("inOffset", 0)
                        .strides("inStrides", new int[9]));
    }
}
