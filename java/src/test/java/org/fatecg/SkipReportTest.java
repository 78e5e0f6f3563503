package org.fatecg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * On a fresh clone (no ../shared) the tests that need the PyTorch golden file must each be reported as
 * skipped, with the reason on the console, not vanish ("Tests run: 0", as an assumption failing in
 * @BeforeAll made them). Runs those classes with JUnit's own launcher, the upward search for shared/
 * starting in an empty temporary folder.
 */
class SkipReportTest {

    @Test
    void goldenTestsAreEachReportedAsSkippedWithTheReason(@TempDir Path empty) throws Exception {
        Class<?>[] classes = {
            Class.forName("org.fatecg.nn.GoldenCnnTest"), Class.forName("org.fatecg.attack.GoldenAttackTest")
        };
        long tests = 0;
        for (Class<?> c : classes)
            for (Method m : c.getDeclaredMethods()) if (m.isAnnotationPresent(Test.class)) tests++;

        List<String> reasons = new ArrayList<>();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener skips = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                reasons.add(reason);
            }
        };
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream realOut = System.out;
        String before = System.getProperty(SharedFiles.SEARCH_FROM);
        System.setProperty(SharedFiles.SEARCH_FROM, empty.toString());
        try {
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            Launcher launcher = LauncherFactory.create();
            var request = LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(classes[0]), selectClass(classes[1]))
                    .build();
            launcher.execute(request, summary, skips);
        } finally {
            System.setOut(realOut);
            if (before == null) System.clearProperty(SharedFiles.SEARCH_FROM);
            else System.setProperty(SharedFiles.SEARCH_FROM, before);
        }
        TestExecutionSummary s = summary.getSummary();
        assertEquals(tests, s.getTestsFoundCount(), "every test is found");
        assertEquals(tests, s.getTestsAbortedCount(), "every test is reported as skipped (aborted by its assumption)");
        assertEquals(0, s.getTestsFailedCount() + s.getTestsSucceededCount() + s.getContainersFailedCount());
        assertTrue(reasons.isEmpty(), "nothing skipped as a whole class: " + reasons);
        String printed = console.toString(StandardCharsets.UTF_8);
        assertTrue(
                printed.contains("[skipped] ../shared/golden/cnn-golden.safetensors is not present above " + empty),
                "the reason is on the console: " + printed);
    }
}
