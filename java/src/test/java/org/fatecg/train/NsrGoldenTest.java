package org.fatecg.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.fatecg.Close;
import org.fatecg.SharedFiles;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.nn.Parameter;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The pieces loss1 and loss2 are built from (the correct-sample mask, w_y = d z_y / d x recorded for double
 * backpropagation, its per-sample L1 norm) against PyTorch 1.13 on the trained paper CNN and 64 real
 * beats: R = mean over the correctly classified samples of ||w_y||_1, and dR / d every parameter.
 */
class NsrGoldenTest {
    @Test
    void nsrValueAndGradientMatchPyTorch() throws Exception {
        Safetensors.Contents golden = Safetensors.read(SharedFiles.require("golden/cnn-golden.safetensors"));
        Layers.Sequential net = Models.paperCnn(new Rng(1));
        net.loadStateDict(golden.floatsWithPrefix("model."));
        long[] yl = golden.longs("input.y");
        int[] yi = new int[yl.length];
        for (int i = 0; i < yi.length; i++) yi[i] = (int) yl[i];
        Tensor y = Functional.labels(yi);
        Tensor x = Margins.inputLeaf(Tensor.of(golden.floats("input.x"), 64, 1, 180));
        Tensor z = net.forward(x);
        Margins.Correct correct = Margins.Correct.of(z, y);
        assertTrue(correct.count() > 0 && correct.count() < 64 + 1);
        Tensor w = Margins.trueClassInputGradient(z, y, x, correct.tensor());
        Tensor r = Functional.sum(Margins.l1PerSample(w)).div(correct.count()); // rows of wrong samples are zero
        Close.assertClose("nsr.value", toDouble(golden.floats("nsr.value")), new float[] {r.item()}, 1e-6, 1e-4);
        List<Parameter> ps = net.parameters();
        Tensor[] wrt = new Tensor[ps.size()];
        for (int i = 0; i < wrt.length; i++) wrt[i] = ps.get(i).value();
        Tensor[] g = Autograd.grad(r, wrt);
        for (int i = 0; i < ps.size(); i++) {
            double[] expected = toDouble(golden.floats("nsr.grad." + ps.get(i).name()));
            double max = 0;
            for (double e : expected) max = Math.max(max, Math.abs(e));
            Close.assertClose("nsr.grad." + ps.get(i).name(), expected, g[i].toArray(), 1e-6 * max + 1e-12, 1e-3);
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
