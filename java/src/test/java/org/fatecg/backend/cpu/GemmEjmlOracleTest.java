package org.fatecg.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fatecg.backend.Parallel;
import org.fatecg.tensor.Rng;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fast GEMM against EJML (an independent implementation) at the CNN's shapes and awkward ones. */
class GemmEjmlOracleTest {
    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
    @CsvSource({
        "64,256,1408,false,true",
        "1408,128,192,false,false",
        "256,1408,64,true,false",
        "13,7,5,true,true",
        "6,32,256,false,false",
        "65,33,257,true,false",
        "1,1,1,false,true"
    })
    void matchesEjml(int m, int n, int k, boolean transA, boolean transB) {
        Rng rng = new Rng(m * 31L + n * 7L + k);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n], ref = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = rng.nextFloat() - 0.5f;
        for (int i = 0; i < b.length; i++) b[i] = rng.nextFloat() - 0.5f;
        for (int i = 0; i < c.length; i++) ref[i] = c[i] = rng.nextFloat();
        GemmVector.gemm(new Parallel(2), c, a, b, transA, transB, m, n, k, 0.5f, 2f);
        GemmEjml.gemm(ref, a, b, transA, transB, m, n, k, 0.5f, 2f);
        double tol = 1e-5 * Math.sqrt(k) + 1e-6;
        for (int i = 0; i < c.length; i++)
            assertTrue(
                    Math.abs(c[i] - ref[i]) <= tol * (1 + Math.abs(ref[i])),
                    "element " + i + ": " + c[i] + " vs EJML " + ref[i]);
    }
}
