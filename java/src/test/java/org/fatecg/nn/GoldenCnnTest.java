package org.fatecg.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.fatecg.SharedFiles;
import org.fatecg.optim.Adam;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole paper CNN against PyTorch 1.13 on 64 real beats (shared/golden): logits, loss, the input
 * gradient, every parameter gradient, one Adam step, and a double-backpropagation gradient.
 */
class GoldenCnnTest {
    static Safetensors.Contents golden;

    /** Per test, not @BeforeAll, so that without ../shared every test is reported as skipped (SharedFiles). */
    @BeforeEach
    void load() throws Exception {
        Path file = SharedFiles.require("golden/cnn-golden.safetensors");
        if (golden == null) golden = Safetensors.read(file);
    }

    static Layers.Sequential goldenModel() {
        Layers.Sequential net = Models.paperCnn(new Rng(1));
        net.loadStateDict(golden.floatsWithPrefix("model."));
        return net;
    }

    static Tensor inputs() {
        return Tensor.of(golden.floats("input.x"), 64, 1, 180);
    }

    static Tensor labels() {
        long[] y = golden.longs("input.y");
        float[] f = new float[y.length];
        for (int i = 0; i < y.length; i++) f[i] = y[i];
        return Tensor.of(f, y.length);
    }

    /**
     * max |a - b| / (atol + rtol |b|) must stay <= 1, with atol given relative to the tensor's largest
     * magnitude: float32 sums in a different order differ by rounding relative to the summands, not to the
     * (possibly cancelled) result.
     */
    static void close(String what, float[] expected, float[] actual, double atolRelToMax, double rtol) {
        assertEquals(expected.length, actual.length, what + " length");
        double max = 0;
        for (float e : expected) max = Math.max(max, Math.abs(e));
        double atol = Math.max(atolRelToMax * max, 1e-12);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double r = Math.abs(actual[i] - expected[i]) / (atol + rtol * Math.abs(expected[i]));
            if (!(r <= worst)) {
                worst = r;
                at = i;
            }
        }
        assertTrue(
                worst <= 1,
                what + ": worst at " + at + " expected " + (at >= 0 ? expected[at] : 0) + " got "
                        + (at >= 0 ? actual[at] : 0) + " (ratio " + worst + ")");
    }

    static void closeAbs(String what, float[] expected, float[] actual, double atol) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++)
            assertTrue(
                    Math.abs(expected[i] - actual[i]) <= atol,
                    what + "[" + i + "]: expected " + expected[i] + " got " + actual[i]);
    }

    @Test
    void parameterCountIsThePapers() {
        assertEquals(410_021, Models.paperCnn(new Rng(0)).parameterCount());
    }

    @Test
    void logitsAndLossMatchPyTorch() {
        Layers.Sequential net = goldenModel();
        Tensor z = net.forward(inputs());
        close("logits", golden.floats("out.logits"), z.toArray(), 1e-5, 1e-5);
        close(
                "loss",
                golden.floats("out.loss"),
                new float[] {Functional.crossEntropy(z, labels()).item()},
                1e-6,
                1e-5);
    }

    @Test
    void gradientsMatchPyTorch() {
        Layers.Sequential net = goldenModel();
        Tensor x = inputs().requiresGrad(true);
        Tensor loss = Functional.crossEntropy(net.forward(x), labels());
        List<Parameter> ps = net.parameters();
        Tensor[] wrt = new Tensor[ps.size() + 1];
        wrt[0] = x;
        for (int i = 0; i < ps.size(); i++) wrt[i + 1] = ps.get(i).value();
        Tensor[] g = Autograd.grad(loss, wrt);
        close("grad.x", golden.floats("grad.x"), g[0].toArray(), 1e-4, 1e-4);
        for (int i = 0; i < ps.size(); i++)
            close(
                    "grad." + ps.get(i).name(),
                    golden.floats("grad." + ps.get(i).name()),
                    g[i + 1].toArray(),
                    1e-4,
                    1e-4);
    }

    @Test
    void oneAdamStepMatchesPyTorch() {
        Layers.Sequential net = goldenModel();
        Adam adam = new Adam(net.parameters());
        adam.step(Autograd.grad(Functional.crossEntropy(net.forward(inputs()), labels()), adam.parameters()));
        for (Parameter p : net.parameters())
            closeAbs(
                    "adam1." + p.name(),
                    golden.floats("adam1." + p.name()),
                    p.value().toArray(),
                    1e-6);
    }

    /**
     * R = mean over correctly classified samples of ||d z_y / d x||_1, and dR/dw by differentiating the
     * input gradient (created with createGraph) with respect to the weights.
     */
    @Test
    void doubleBackpropMatchesPyTorch() {
        Layers.Sequential net = goldenModel();
        Tensor x = inputs().requiresGrad(true);
        Tensor y = labels();
        Tensor z = net.forward(x);
        int[] pred = Functional.argmax(z);
        float[] yv = y.toArray();
        float[] correct = new float[pred.length];
        int nCorrect = 0;
        for (int i = 0; i < pred.length; i++)
            if (pred[i] == (int) yv[i]) {
                correct[i] = 1f;
                nCorrect++;
            }
        Tensor zy = Functional.sum(z.mul(Functional.oneHot(y, 5)));
        Tensor w = Autograd.grad(zy, null, true, x)[0]; // d z_y / d x per sample
        Tensor perSample = w.abs().sumTo(64, 1, 1).reshape(64); // L1 norm per sample
        Tensor r = Functional.sum(perSample.mul(Tensor.of(correct, 64))).div(nCorrect);
        close("nsr.value", golden.floats("nsr.value"), new float[] {r.item()}, 1e-6, 1e-4);
        List<Parameter> ps = net.parameters();
        Tensor[] wrt = new Tensor[ps.size()];
        for (int i = 0; i < wrt.length; i++) wrt[i] = ps.get(i).value();
        Tensor[] g = Autograd.grad(r, wrt);
        for (int i = 0; i < ps.size(); i++)
            close(
                    "nsr.grad." + ps.get(i).name(),
                    golden.floats("nsr.grad." + ps.get(i).name()),
                    g[i].toArray(),
                    1e-6,
                    1e-3);
    }
}
