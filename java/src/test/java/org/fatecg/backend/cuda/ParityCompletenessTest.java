package org.fatecg.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.fatecg.backend.Backend;
import org.fatecg.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/**
 * EJML's trick for twins: by reflection, every Backend method must be implemented by CudaBackend itself
 * and must be called by the parity suite, and the number of Backend methods is pinned, so a method added
 * to the interface fails here until it has a CUDA twin and a parity case. The suite's calls are counted
 * by running it on a proxy over a CPU backend (no GPU needed).
 */
class ParityCompletenessTest {
    /** Backend's methods when this was written; change it together with CudaBackend and GoldenCases. */
    private static final int BACKEND_METHODS = 25;

    private static String signature(Method m) {
        return m.getName() + Arrays.toString(m.getParameterTypes());
    }

    private static Set<String> backendMethods() {
        Set<String> all = new TreeSet<>();
        for (Method m : Backend.class.getMethods()) if (!Modifier.isStatic(m.getModifiers())) all.add(signature(m));
        return all;
    }

    @Test
    void theBackendInterfaceHasTheCountedMethods() {
        assertEquals(
                BACKEND_METHODS,
                backendMethods().size(),
                "Backend changed: give CudaBackend the twin, add a golden/parity case, then update the count");
    }

    @Test
    void cudaBackendImplementsEveryMethodItself() throws NoSuchMethodException {
        for (Method m : Backend.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) continue;
            Method impl = CudaBackend.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
            assertFalse(impl.isDefault() || Modifier.isAbstract(impl.getModifiers()), signature(m));
        }
    }

    @Test
    void theParitySuiteCallsEveryMethod() {
        CpuBackend inner = new CpuBackend(2);
        Set<String> called = new TreeSet<>();
        Backend spy = (Backend) Proxy.newProxyInstance(
                Backend.class.getClassLoader(), new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    called.add(signature(method));
                    try {
                        return method.invoke(inner, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        for (GoldenCase c : GoldenCases.parity(spy)) assertTrue(c.failures.isEmpty(), c.label + ": " + c.failures);
        assertTrue(ParityChecks.memory(spy).isEmpty());
        assertTrue(ParityChecks.tinyCnn(spy).isEmpty());
        Set<String> missing = backendMethods();
        missing.removeAll(called);
        assertTrue(missing.isEmpty(), "Backend methods no parity case calls: " + missing);
    }
}
