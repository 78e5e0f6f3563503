package org.fatecg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.fatecg.backend.Backend;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The parity suite: a candidate backend against the CPU backend on every golden case (each Backend
 * method at awkward shapes, tolerances in GoldenCases), memory operations, and TinyCnn's logits,
 * gradients and PGD trajectory (tolerances in ParityChecks). Subclasses choose the candidate.
 */
abstract class BackendParitySuite {
    protected abstract Backend candidate();

    @TestFactory
    Stream<DynamicTest> everyGoldenCaseMatchesTheCpuBackend() {
        List<GoldenCase> cases = GoldenCases.parity(candidate());
        return cases.stream()
                .map(c -> DynamicTest.dynamicTest(
                        c.label,
                        () -> assertTrue(c.failures.isEmpty() && c.expectations() > 0, String.join("\n", c.failures))));
    }

    @Test
    void memoryOperations() {
        List<String> f = ParityChecks.memory(candidate());
        assertTrue(f.isEmpty(), String.join("\n", f));
    }

    @Test
    void tinyCnnLogitsGradientsAndPgdTrajectory() {
        List<String> f = ParityChecks.tinyCnn(candidate());
        assertTrue(f.isEmpty(), String.join("\n", f));
    }
}
