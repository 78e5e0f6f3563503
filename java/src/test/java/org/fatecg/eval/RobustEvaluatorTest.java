package org.fatecg.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.fatecg.attack.Attack;
import org.fatecg.attack.Fgsm;
import org.fatecg.attack.Pgd;
import org.fatecg.attack.SyntheticBeats;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Module;
import org.fatecg.report.Progress;
import org.fatecg.report.RobustnessTables;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RobustEvaluatorTest {
    static final String[] NAMES = {"N", "S", "V", "F", "Q"};
    static Layers.Sequential model;
    static SyntheticBeats.Set data;

    @BeforeAll
    static void setUp() {
        model = SyntheticBeats.trainedModel(21);
        data = SyntheticBeats.make(14, 77); // 70 beats: batches of 32 leave a partial one
    }

    /** delta = -0.1 x: SNR = 10 log10(||x||^2 / (0.01 ||x||^2)) = 20 dB for every sample. */
    static final Attack SHRINK = new Attack() {
        @Override
        public String name() {
            return "shrink";
        }

        @Override
        public Tensor perturb(Module m, Tensor x, Tensor y) {
            return x.mul(0.9f);
        }

        @Override
        public Tensor perturbTargeted(Module m, Tensor x, Tensor t) {
            return perturb(m, x, t);
        }
    };

    @Test
    void cleanMetricsAreTheModelsAndThePerturbationIsMeasured() {
        ByteArrayOutputStream bar = new ByteArrayOutputStream();
        RobustEvaluator ev =
                new RobustEvaluator(16, 5, Progress.barsOn(new PrintStream(bar, true, StandardCharsets.UTF_8)));
        List<ConditionResult> out = ev.evaluate(
                model,
                data.x(),
                data.y(),
                SyntheticBeats.LENGTH,
                List.of(
                        RobustEvaluator.Labelled.clean(),
                        new RobustEvaluator.Labelled("shrink", SHRINK),
                        RobustEvaluator.Labelled.of(new Pgd(0.1f, 0.01f, 20))));
        int[] pred;
        try (Grad off = Grad.off()) {
            pred = Functional.argmax(model.forward(data.inputs()));
        }
        ConditionResult clean = out.get(0), shrink = out.get(1), pgd = out.get(2);
        assertArrayEquals(
                ConfusionMatrix.of(data.y(), pred, 5).toArray(),
                clean.confusion().toArray());
        assertEquals(Metrics.asPublished(data.y(), pred, 5, 32), clean.asPublished());
        assertEquals(3, clean.asPublished().batches(), "70 beats in batches of 32");
        assertEquals(Double.POSITIVE_INFINITY, clean.perturbation().meanSnrDb());
        assertEquals(0, clean.perturbation().perturbed());
        assertEquals(0.0, clean.perturbation().meanL2());
        assertEquals(20.0, shrink.perturbation().meanSnrDb(), 1e-4);
        assertEquals(data.size(), shrink.perturbation().perturbed());
        assertEquals(0.1f, pgd.perturbation().maxLinf(), 1e-6);
        assertTrue(
                pgd.metrics().accuracy() < clean.metrics().accuracy() - 0.3,
                "PGD " + pgd.metrics().accuracy() + " clean " + clean.metrics().accuracy());
        assertTrue(bar.toString(StandardCharsets.UTF_8).contains("evaluate"), "a progress line was drawn");

        Map<String, Object> json = pgd.toMap(NAMES);
        assertEquals(pgd.metrics().accuracy(), json.get("accuracy"));
        assertTrue(
                json.containsKey("per_class") && json.containsKey("as_published") && json.containsKey("perturbation"));
    }

    @Test
    void perSampleAttacksGiveTheSameResultAtAnyBatchSize() {
        List<RobustEvaluator.Labelled> fgsm = List.of(RobustEvaluator.Labelled.of(new Fgsm(0.08f)));
        ConditionResult a = new RobustEvaluator(7, 5, null)
                .evaluate(model, data.x(), data.y(), SyntheticBeats.LENGTH, fgsm)
                .get(0);
        ConditionResult b = new RobustEvaluator(64, 5, null)
                .evaluate(model, data.x(), data.y(), SyntheticBeats.LENGTH, fgsm)
                .get(0);
        assertArrayEquals(a.confusion().toArray(), b.confusion().toArray());
        assertEquals(a.perturbation().meanSnrDb(), b.perturbation().meanSnrDb(), 1e-9);
    }

    @Test
    void seed001SweepIsMonotoneWhereItMustBe() {
        SyntheticBeats.Set few = SyntheticBeats.make(4, 31);
        RobustEvaluator ev = new RobustEvaluator(32, 5, null);
        List<EpsilonSweep.Point> points = EpsilonSweep.seed001Pgd(ev, model, few.x(), few.y(), SyntheticBeats.LENGTH);
        int k = EpsilonSweep.SEED001_EPS.length;
        assertEquals(2 * k, points.size());
        double clean = SyntheticBeats.accuracy(model, few.inputs(), few.y());
        for (int i = 0; i < k; i++) {
            EpsilonSweep.Point p20 = points.get(i), p100 = points.get(k + i);
            assertEquals("20-PGD", p20.family());
            // the 100-step trajectory starts with the 20-step one and frozen samples stay fooled
            assertTrue(
                    p100.outcome().metrics().accuracy()
                            <= p20.outcome().metrics().accuracy(),
                    "eps " + p20.eps());
        }
        assertEquals(clean, points.get(0).outcome().metrics().accuracy(), 1e-12, "eps 0 is the clean accuracy");
        assertTrue(points.get(k - 1).outcome().metrics().accuracy() < clean - 0.5, "eps 0.3 breaks the model");
        assertTrue(
                points.get(1).outcome().perturbation().meanSnrDb()
                        > points.get(k - 1).outcome().perturbation().meanSnrDb() + 10,
                "SNR falls as eps grows");
        String table = RobustnessTables.sweep(points, NAMES).toString();
        assertTrue(table.contains("100-PGD") && table.contains("sens F %"), table);
    }
}
