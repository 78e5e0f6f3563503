package org.fatecg.fl;

/**
 * How a client trains locally in one round (Çelik and Güllü 2025): {@code epochs} passes over its data in
 * minibatches of {@code batchSize} (the last one may be smaller, as PyTorch's DataLoader with
 * drop_last=False), in stored order unless {@code shuffle}, with an Adam(lr, beta1, beta2, eps) created
 * anew at the start of every round. {@code maxExamples} > 0 trains on only the first that many of the
 * client's beats (a cheaper run); 0 uses them all. Start from {@link #paper()} and change what differs
 * with the withers: {@code FitConfig.paper().withEpochs(2).withMaxExamples(100)}.
 */
public record FitConfig(
        int epochs, int batchSize, boolean shuffle, float lr, float beta1, float beta2, float eps, int maxExamples) {
    public FitConfig {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        if (!(lr > 0) || !Float.isFinite(lr))
            throw new IllegalArgumentException("learning rate must be positive, got " + lr);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1))
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
        if (!(eps > 0)) throw new IllegalArgumentException("Adam eps must be positive, got " + eps);
        if (maxExamples < 0)
            throw new IllegalArgumentException("max examples must be >= 0 (0 = all), got " + maxExamples);
    }

    /** n_i of a client holding {@code held} beats: all of them, or the first maxExamples. */
    public int examplesOf(int held) {
        return maxExamples > 0 ? Math.min(maxExamples, held) : held;
    }

    /** The paper: 5 epochs, batch 32, no shuffle, Adam(1e-3, 0.9, 0.999, 1e-8), all beats. */
    public static FitConfig paper() {
        return new FitConfig(5, 32, false, 1e-3f, 0.9f, 0.999f, 1e-8f, 0);
    }

    public FitConfig withEpochs(int n) {
        return new FitConfig(n, batchSize, shuffle, lr, beta1, beta2, eps, maxExamples);
    }

    public FitConfig withBatchSize(int n) {
        return new FitConfig(epochs, n, shuffle, lr, beta1, beta2, eps, maxExamples);
    }

    public FitConfig withShuffle(boolean s) {
        return new FitConfig(epochs, batchSize, s, lr, beta1, beta2, eps, maxExamples);
    }

    /** Adam's learning rate; its betas and eps stay. */
    public FitConfig withLr(float v) {
        return new FitConfig(epochs, batchSize, shuffle, v, beta1, beta2, eps, maxExamples);
    }

    public FitConfig withAdam(float lr, float beta1, float beta2, float eps) {
        return new FitConfig(epochs, batchSize, shuffle, lr, beta1, beta2, eps, maxExamples);
    }

    public FitConfig withMaxExamples(int n) {
        return new FitConfig(epochs, batchSize, shuffle, lr, beta1, beta2, eps, n);
    }
}
