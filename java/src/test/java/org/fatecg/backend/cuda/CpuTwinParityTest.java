package org.fatecg.backend.cuda;

import org.fatecg.backend.Backend;
import org.fatecg.backend.cpu.CpuBackend;

/**
 * The parity suite with a 2-thread CPU backend as the candidate: it runs on every machine, so the
 * suite's own code (cases, downloads, comparisons, TinyCnn) is exercised in CI even where no GPU is,
 * and it checks the CPU backend's threaded kernels against the single-threaded ones on the way.
 */
class CpuTwinParityTest extends BackendParitySuite {
    private final CpuBackend twin = new CpuBackend(2);

    @Override
    protected Backend candidate() {
        return twin;
    }
}
