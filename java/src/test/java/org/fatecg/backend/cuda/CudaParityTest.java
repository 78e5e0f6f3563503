package org.fatecg.backend.cuda;

import org.fatecg.SharedFiles;
import org.fatecg.backend.Backend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The parity suite on CUDA device 0. Where no GPU can be opened every test is skipped, and the skip
 * reason says why (surefire lists it as skipped; the reason is printed on the console too).
 */
class CudaParityTest extends BackendParitySuite {
    private static CudaBackend gpu;
    private static String unavailable;

    @BeforeAll
    static void openGpu() {
        try {
            gpu = CudaBackend.open(0);
            System.out.println("CudaParityTest: running on " + gpu.describe());
        } catch (CudaUnavailableException e) {
            unavailable = e.getMessage();
        }
    }

    /** Per test rather than in @BeforeAll, so that each test is reported as skipped, with the reason. */
    @BeforeEach
    void requireGpu() {
        SharedFiles.skipUnless(gpu != null, "no usable CUDA device, parity suite skipped: " + unavailable);
    }

    @AfterAll
    static void closeGpu() {
        if (gpu != null) gpu.close();
    }

    @Override
    protected Backend candidate() {
        return gpu;
    }
}
