package org.fatecg.train;

/**
 * Ma and Liang's objectives computed sample by sample in double on a {@link TinyNet}, straight from their
 * formulas (no tensors, no autodiff): the reference for the engine's objectives.
 */
final class ReferenceObjectives {
    private ReferenceObjectives() {}

    static int argmax(double[] z) {
        int b = 0;
        for (int j = 1; j < z.length; j++) if (z[j] > z[b]) b = j;
        return b;
    }

    static double ce(TinyNet net, double[][] x, int[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double[] z = net.logits(x[i]);
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (double v : z) max = Math.max(max, v);
            for (double v : z) sum += Math.exp(v - max);
            s += max + Math.log(sum) - z[y[i]];
        }
        return s / x.length;
    }

    static double mse(TinyNet net, double[][] x, int[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double[] z = net.logits(x[i]);
            for (int j = 0; j < z.length; j++) s += Math.pow(z[j] - (j == y[i] ? 1 : 0), 2);
        }
        return s / x.length;
    }

    static double margin(TinyNet net, double[][] x, int[] y) {
        double s = 0;
        int kept = 0;
        for (int i = 0; i < x.length; i++) {
            double[] z = net.logits(x[i]);
            if (argmax(z) != y[i]) continue;
            for (int j = 0; j < z.length; j++) {
                double t = 1 - z[y[i]] + z[j];
                if (j != y[i] && t > 0 && t < 2) {
                    s += t;
                    kept++;
                }
            }
        }
        return kept == 0 ? 0 : s / kept;
    }

    static double loss2(TinyNet net, double[][] x, int[] y, double beta) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            double[] z = net.logits(x[i]);
            if (argmax(z) != y[i]) continue;
            double l1 = 0;
            for (double g : net.inputGradient(x[i], y[i])) l1 += Math.abs(g);
            s += Math.log(1 + l1 / (Math.abs(z[y[i]]) + 0.01));
            n++;
        }
        return mse(net, x, y) + margin(net, x, y) + (n == 0 ? 0 : beta * s / n);
    }

    static double loss1(TinyNet net, double[][] x, int[] y, double beta) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            double[] z = net.logits(x[i]);
            if (argmax(z) != y[i]) continue;
            double[] w = net.inputGradient(x[i], y[i]);
            double sq = 0;
            for (double v : x[i]) sq += v * v;
            for (int t = 0; t < w.length; t++) s += Math.pow(w[t] - x[i][t] / (sq + 1e-8), 2);
            n++;
        }
        return mse(net, x, y) + margin(net, x, y) + (n == 0 ? 0 : beta * s / n);
    }

    static double jacobian(TinyNet net, double[][] x, int[] y, double beta) {
        double s = 0;
        for (double[] xi : x)
            for (int m = 0; m < net.classes; m++) for (double g : net.inputGradient(xi, m)) s += Math.abs(g);
        return ce(net, x, y) + beta * s / (x.length * (double) net.in);
    }
}
