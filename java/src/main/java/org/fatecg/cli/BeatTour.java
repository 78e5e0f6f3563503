package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.fatecg.attack.Pgd;
import org.fatecg.data.Aami;
import org.fatecg.data.BeatWindows;
import org.fatecg.data.MitBih;
import org.fatecg.data.SignalSpec;
import org.fatecg.data.WfdbHeader;
import org.fatecg.data.WindowSettings;
import org.fatecg.fl.Aggregation;
import org.fatecg.fl.LocalTrainer;
import org.fatecg.fl.WeightLayout;
import org.fatecg.nn.Layers;
import org.fatecg.nn.Models;
import org.fatecg.nn.Module;
import org.fatecg.optim.Adam;
import org.fatecg.report.LineChart;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Autograd;
import org.fatecg.tensor.Functional;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Rng;
import org.fatecg.tensor.Tensor;

/**
 * The guided tour's walk (docs/TOUR.md), computed live: one beat from the bytes of its WFDB files to
 * its window, through each layer of the paper CNN, its loss and gradients, the PGD steps, one local
 * Adam step on [x_adv ; x] and FedAvg of two clients. Every section names the file and method that
 * does the work. The numbers come back in a {@link Result} too, so a test can check them.
 *
 * <p>The network is the paper CNN at its seeded initialisation (seed 0), untrained: the tour shows
 * the mechanics, not a trained model's accuracy.
 */
final class BeatTour {
    static final int PGD_STEPS = Pgd.PAPER_STEPS;

    /** What the walk computed, for the tests. */
    record Result(
            int rSample,
            int[] frameBytes,
            int adc,
            double millivolts,
            float[] window,
            float[] logits,
            float loss,
            float[] fc3BiasGrad,
            float[] linfPerStep,
            float[] fc3BiasBefore,
            float[] fc3BiasGradAdv,
            float[] fc3BiasAfter,
            float fatLossBefore,
            float fatLossAfter,
            float[] clientA,
            float[] clientB,
            long[] counts,
            float[] averaged,
            int shownWeight) {}

    private final PrintWriter out;

    BeatTour(PrintWriter out) {
        this.out = out;
    }

    private void section(String title, String where) {
        out.println();
        out.println("== " + title);
        out.println("   (" + where + ")");
    }

    private void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
    }

    static String values(float[] v, int from, int count) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = from; i < from + count && i < v.length; i++) {
            if (i > from) sb.append(", ");
            sb.append(String.format(Locale.ROOT, "%.4f", v[i]));
        }
        return sb.append(from + count < v.length ? ", ...]" : "]").toString();
    }

    Result run(Path dataDir, String record, int beat, Path pngDir) throws IOException {
        WindowSettings ws = WindowSettings.PAPER;
        WfdbHeader h = WfdbHeader.read(dataDir, record);
        int signal = ws.lead().resolve(h);
        SignalSpec spec = h.signals().get(signal);

        // ---- 1. bytes -----------------------------------------------------------------------
        section(
                "1. The record on disk: " + record + ".hea, " + record + ".atr, " + record + ".dat",
                "data/WfdbHeader.java WfdbHeader.parse; data/AnnotationReader.java AnnotationReader.parse; data/WfdbRecord.java WfdbRecord.decode212");
        List<String> hea = Files.readAllLines(dataDir.resolve(record + ".hea"));
        line("header line 1: %s", hea.get(0).trim());
        line("signal %d:      %s", signal, hea.get(1 + signal).trim());
        line(
                "lead %s: gain %.0f ADC units per mV, baseline %d, %.0f Hz, %d samples",
                spec.description(), spec.gain(), spec.baseline(), h.samplingFrequency(), h.numSamples());
        BeatWindows.Result windows = MitBih.windowsOf(dataDir, record, signal, ws);
        if (beat < 0 || beat >= windows.size())
            throw new IllegalArgumentException("--beat " + beat + ": record " + record + " has " + windows.size()
                    + " beat windows, numbered 0.." + (windows.size() - 1));
        int r = windows.rSample()[beat];
        int cls = windows.y()[beat];
        line(
                "beat %d: annotation '%s' at sample %d (%.3f s), AAMI class %s (label %d)",
                beat, windows.symbols()[beat], r, r / h.samplingFrequency(), Aami.of(cls), cls);
        byte[] dat = Files.readAllBytes(dataDir.resolve(spec.fileName()));
        int nsig = h.signals().size();
        // format 212 packs two 12-bit samples into 3 bytes; with 2 signals, frame t is bytes 3t .. 3t+2
        int p = (int) spec.byteOffset() + 3 * r * nsig / 2;
        int[] fb = {dat[p] & 0xFF, dat[p + 1] & 0xFF, dat[p + 2] & 0xFF};
        int s0 = signExtend12(fb[0] | (fb[1] & 0x0F) << 8), s1 = signExtend12(fb[2] | (fb[1] & 0xF0) << 4);
        int adc = signal == 0 ? s0 : s1;
        double mv = spec.toPhysical(adc);
        line(
                "bytes %d..%d of %s: %02x %02x %02x -> signal 0 = %d, signal 1 = %d (12-bit two's complement)",
                p, p + 2, spec.fileName(), fb[0], fb[1], fb[2], s0, s1);
        line("signal %d at the R peak: (%d - %d) / %.0f = %.4f mV", signal, adc, spec.baseline(), spec.gain(), mv);

        // ---- 2. window ----------------------------------------------------------------------
        section("2. The window and its normalisation", "data/BeatWindows.java BeatWindows.extract, BeatWindows.minMax");
        int len = ws.length();
        float[] x = Arrays.copyOfRange(windows.x(), beat * len, (beat + 1) * len);
        float[] mvWin = new float[len];
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (int t = 0; t < len; t++) {
            mvWin[t] =
                    (float) spec.toPhysical(windowAdc(dat, (int) spec.byteOffset(), nsig, signal, r - ws.before() + t));
            lo = Math.min(lo, mvWin[t]);
            hi = Math.max(hi, mvWin[t]);
        }
        line(
                "samples %d..%d (r - %d .. r + %d): %d values, min %.4f mV, max %.4f mV",
                r - ws.before(), r + ws.after(), ws.before(), ws.after(), len, lo, hi);
        line(
                "x = (v - min) / (max - min + 1e-6): x[0] = %.4f, x[%d] (R peak) = %.4f, x[%d] = %.4f",
                x[0], ws.before(), x[ws.before()], len - 1, x[len - 1]);
        new LineChart(
                        "Record " + record + " beat " + beat + " (" + Aami.of(cls) + "), min-max scaled",
                        "sample from the R peak",
                        "x")
                .add("x", ramp(-ws.before(), len), toDouble(x))
                .writePng(pngDir.resolve("tour-beat.png"), 900, 400);

        // ---- 3. the CNN, layer by layer -----------------------------------------------------
        section(
                "3. The paper CNN, layer by layer (seed 0, untrained)",
                "nn/Models.java Models.paperCnn; nn/Layers.java Conv1d, ReLU, MaxPool1d, Flatten, Linear");
        Layers.Sequential net = Models.paperCnn(new Rng(0));
        WeightLayout layout = new WeightLayout(net);
        float[] global = layout.flatten(net);
        line("%d parameters in %d tensors", net.parameterCount(), layout.count());
        Tensor input = Arena.unmanaged(() -> Tensor.of(x, 1, 1, len));
        Tensor labels = Arena.unmanaged(() -> Functional.labels(new int[] {cls}));
        float[] logits;
        try (Arena a = Arena.open();
                Grad g = Grad.off()) {
            Tensor act = input;
            line("%-8s %-14s %s", "input", Arrays.toString(act.shape()), values(act.toArray(), 0, 3));
            for (String name : net.layerNames()) {
                act = net.layer(name).forward(act);
                line("%-8s %-14s %s", name, Arrays.toString(act.shape()), values(act.toArray(), 0, 3));
            }
            logits = act.toArray();
        }
        float[] probs = softmax(logits);
        line("softmax: %s, predicted %s", values(probs, 0, probs.length), Aami.of(argmax(probs)));

        // ---- 4. loss and gradients ----------------------------------------------------------
        section(
                "4. Loss and its gradients",
                "tensor/LayerPrimitives.java crossEntropy; tensor/Autograd.java Autograd.grad");
        float loss;
        float[] biasGrad, inputGrad;
        try (Arena a = Arena.open()) {
            Tensor leaf = input.detach().requiresGrad(true);
            Tensor l = Functional.crossEntropy(net.forward(leaf), labels);
            Tensor bias = fc3Bias(net);
            Tensor[] grads = Autograd.grad(l, bias, leaf);
            loss = l.item();
            biasGrad = grads[0].toArray();
            inputGrad = grads[1].toArray();
        }
        line("CE = logsumexp(z) - z[%d] = %.4f (= -log p[%d] = %.4f)", cls, loss, cls, -Math.log(probs[cls]));
        line("dCE/d fc3.bias = softmax - onehot = %s", values(biasGrad, 0, biasGrad.length));
        int top = argmaxAbs(inputGrad);
        line(
                "dCE/dx: shape [1, 1, %d], largest |g| = %.3e at sample %d, sign(g) there = %+.0f",
                len, Math.abs(inputGrad[top]), top, Math.signum(inputGrad[top]));

        // ---- 5. PGD -------------------------------------------------------------------------
        section(
                "5. PGD-" + PGD_STEPS + ", eps 8/255, alpha 1/255 (no random start, so delta grows from 0)",
                "attack/Pgd.java Pgd.run; attack/AttackBase.java lossGradient, project");
        float eps = Pgd.PAPER_EPS, alpha = Pgd.PAPER_ALPHA;
        float[] linf = new float[PGD_STEPS];
        List<float[]> deltas = new ArrayList<>();
        float[] xAdv = x.clone();
        for (int k = 1; k <= PGD_STEPS; k++) {
            // one step of the same attack, run k times from x: the iterate x_k (the attack is deterministic)
            try (Arena a = Arena.open()) {
                Tensor step = new Pgd(eps, alpha, k).perturb(net, input, labels);
                xAdv = step.toArray();
                float[] z;
                float lk;
                try (Grad g = Grad.off()) {
                    Tensor zt = net.forward(step);
                    z = zt.toArray();
                    lk = Functional.crossEntropy(zt, labels).item();
                }
                float[] d = new float[len];
                double l2 = 0;
                for (int t = 0; t < len; t++) {
                    d[t] = xAdv[t] - x[t];
                    linf[k - 1] = Math.max(linf[k - 1], Math.abs(d[t]));
                    l2 += (double) d[t] * d[t];
                }
                deltas.add(d);
                line(
                        "step %2d: CE %.6f, |delta|_inf = %.2f/255, |delta|_2 = %.4f, predicted %s",
                        k, lk, linf[k - 1] * 255, Math.sqrt(l2), Aami.of(argmax(z)));
            }
        }
        LineChart growth = new LineChart(
                "PGD perturbation delta = x_adv - x, growing over the steps",
                "sample from the R peak",
                "delta (1/255)");
        for (int k : new int[] {1, 4, PGD_STEPS}) {
            double[] d = toDouble(deltas.get(k - 1));
            for (int t = 0; t < d.length; t++) d[t] *= 255;
            growth.add("step " + k, ramp(-ws.before(), len), d);
        }
        growth.writePng(pngDir.resolve("tour-pgd.png"), 900, 450);

        // ---- 6. one local FAT step ----------------------------------------------------------
        section(
                "6. One local Adam step on [x_adv ; x] (lr 0.001)",
                "fl/LocalTrainer.java LocalTrainer.step; optim/Adam.java; backend/cpu/CpuBackend.java adamStep");
        Adam adam = new Adam(net.parameters());
        Pgd pgd = new Pgd(eps, alpha, PGD_STEPS);
        float[] before = fc3Bias(net).toArray();
        float[] gradAdv;
        try (Arena a = Arena.open()) {
            Tensor both = Tensor.concat(0, Tensor.of(xAdv, 1, 1, len), input);
            Tensor l = Functional.crossEntropy(net.forward(both), Tensor.concat(0, labels, labels));
            gradAdv = Autograd.grad(l, fc3Bias(net))[0].toArray();
        }
        float fatBefore = LocalTrainer.step(net, adam, input, labels, pgd);
        float[] after = fc3Bias(net).toArray();
        float fatAfter = fatLoss(net, xAdv, input, labels, len);
        line("loss 0.5 CE(x_adv) + 0.5 CE(x): %.4f before, %.4f after the step", fatBefore, fatAfter);
        line("fc3.bias before %s", values(before, 0, before.length));
        line("gradient        %s", values(gradAdv, 0, gradAdv.length));
        line("fc3.bias after  %s  (Adam's first step: -0.001 sign(g))", values(after, 0, after.length));
        float[] clientA = layout.flatten(net);

        // ---- 7. FedAvg ----------------------------------------------------------------------
        section("7. FedAvg of two clients", "fl/Aggregation.java Aggregation.fedAvg; fl/FedAvg.java");
        int[] others = {beat + 1, beat + 2, beat + 3};
        float[] xb = new float[others.length * len];
        int[] yb = new int[others.length];
        for (int i = 0; i < others.length; i++) {
            System.arraycopy(windows.x(), others[i] * len, xb, i * len, len);
            yb[i] = windows.y()[others[i]];
        }
        layout.load(net, global);
        adam.reset();
        try (Arena a = Arena.open()) {
            LocalTrainer.step(net, adam, Tensor.of(xb, others.length, 1, len), Functional.labels(yb), pgd);
        }
        float[] clientB = layout.flatten(net);
        long[] counts = {1, others.length};
        float[] avg = Aggregation.fedAvg(List.of(clientA, clientB), counts);
        line(
                "client A: beat %d (1 beat); client B: beats %d..%d (%d beats); both from the same global weights",
                beat, others[0], others[others.length - 1], others.length);
        // Adam's first step moves most weights by +-lr whatever the data; show the last one the two clients moved apart
        int j = avg.length - 1;
        while (j > 0 && (clientA[j] - global[j]) * (clientB[j] - global[j]) >= 0) j--;
        line(
                "weight %d (%s): global %.6f, A %.6f, B %.6f -> (1 A + 3 B) / 4 = %.6f",
                j, weightName(layout, j), global[j], clientA[j], clientB[j], avg[j]);
        layout.load(net, avg);
        line(
                "new global model: %d weights, fc3.bias = %s",
                avg.length, values(fc3Bias(net).toArray(), 0, Models.CLASSES));
        out.println();
        line("wrote %s and %s", pngDir.resolve("tour-beat.png"), pngDir.resolve("tour-pgd.png"));
        return new Result(
                r, fb, adc, mv, x, logits, loss, biasGrad, linf, before, gradAdv, after, fatBefore, fatAfter, clientA,
                clientB, counts, avg, j);
    }

    /** "fc3.weight[4, 63]": the tensor and index of flat weight j. */
    static String weightName(WeightLayout layout, int j) {
        int off = 0;
        for (int i = 0; i < layout.count(); i++) {
            int[] shape = layout.shape(i);
            int size = 1;
            for (int d : shape) size *= d;
            if (j < off + size) {
                int rem = j - off;
                int[] idx = new int[shape.length];
                for (int d = shape.length - 1; d >= 0; d--) {
                    idx[d] = rem % shape[d];
                    rem /= shape[d];
                }
                return layout.name(i) + Arrays.toString(idx);
            }
            off += size;
        }
        throw new IllegalArgumentException("weight " + j + " beyond " + off);
    }

    private static float fatLoss(Module net, float[] xAdv, Tensor x, Tensor labels, int len) {
        try (Arena a = Arena.open();
                Grad g = Grad.off()) {
            Tensor both = Tensor.concat(0, Tensor.of(xAdv, 1, 1, len), x);
            return Functional.crossEntropy(net.forward(both), Tensor.concat(0, labels, labels))
                    .item();
        }
    }

    private static Tensor fc3Bias(Layers.Sequential net) {
        return net.layer("fc3").parameters().get(1).value();
    }

    static int signExtend12(int v) {
        return (v << 20) >> 20;
    }

    /** The ADC value of signal s at sample t of an interleaved format-212 file (two signals). */
    private static int windowAdc(byte[] dat, int offset, int nsig, int s, int t) {
        int k = t * nsig + s, p = offset + 3 * (k / 2);
        int b0 = dat[p] & 0xFF, b1 = dat[p + 1] & 0xFF;
        return k % 2 == 0 ? signExtend12(b0 | (b1 & 0x0F) << 8) : signExtend12((dat[p + 2] & 0xFF) | (b1 & 0xF0) << 4);
    }

    static float[] softmax(float[] z) {
        double m = Double.NEGATIVE_INFINITY, s = 0;
        for (float v : z) m = Math.max(m, v);
        double[] e = new double[z.length];
        for (int i = 0; i < z.length; i++) s += e[i] = Math.exp(z[i] - m);
        float[] p = new float[z.length];
        for (int i = 0; i < z.length; i++) p[i] = (float) (e[i] / s);
        return p;
    }

    static int argmax(float[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
        return b;
    }

    private static int argmaxAbs(float[] v) {
        int b = 0;
        for (int i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[b])) b = i;
        return b;
    }

    private static double[] ramp(int from, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = from + i;
        return t;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
