package org.fatecg.train;

import java.util.List;
import org.fatecg.attack.Pgd;
import org.fatecg.tensor.Rng;

/**
 * The one factory of training objectives, by name:
 * <ul>
 *   <li>{@code ce}: cross-entropy ({@link CrossEntropy})</li>
 *   <li>{@code mse}, {@code mse-margin}: squared error to one-hot, plus the within-margin term ({@link SquaredError})</li>
 *   <li>{@code loss1}: mse-margin + 0.2 ||w_y - x / ||x||^2||^2 on a bias-free network ({@link Alignment})</li>
 *   <li>{@code loss2}: mse-margin + beta log(1 + ||w_y||_1 / (|z_y| + 0.01)), beta 0.4 MLP, 0.3 CNN ({@link NoiseToSignal})</li>
 *   <li>{@code jacobian}: CE + 0.9 sum_m ||d z_m / d x||_1 / (N L) ({@link JacobianPenalty})</li>
 *   <li>{@code adv<eps>}, e.g. {@code adv0.1}: 10-step PGD (step 0.01, random start) adversarial training at
 *       noise level eps, 0.5/0.5 clean/adversarial for CNNs, 1/1 for the MLP ({@link Adversarial});
 *       {@code adv<eps>-pgd<K>}, e.g. {@code adv0.1-pgd3}: the same with K steps of 0.1 / K (the paper's path
 *       length 10 x 0.01 in fewer, longer steps; about (K + 2) / 12 of the cost of a PGD-10 step)</li>
 *   <li>{@code fat}: FAT's step, PGD-20 (eps 8/255, alpha 1/255, random start), mean CE over [x_adv ; x]</li>
 * </ul>
 * The weights that depend on the model follow Ma and Liang's published code; {@code weight} overrides the
 * regulariser's weight (beta of loss1, loss2, jacobian) when not null.
 */
public final class Objectives {
    /** Ma and Liang's nine methods, in the row order of their tables. */
    public static final List<String> PAPER_METHODS =
            List.of("ce", "jacobian", "mse", "mse-margin", "loss2", "loss1", "adv0.1", "adv0.2", "adv0.3");

    public static final List<String> NAMES =
            List.of("ce", "mse", "mse-margin", "loss1", "loss2", "jacobian", "adv<eps>", "adv<eps>-pgd<K>", "fat");
    public static final int ADV_STEPS = 10;
    public static final float ADV_ALPHA = 0.01f;

    private Objectives() {}

    /**
     * @param model the network's name ({@link org.fatecg.nn.Models#NAMES}): "mlp" selects the MLP's weights
     * @param rng   the random starts of the adversarial objectives
     */
    public static Objective of(String name, String model, Rng rng, Float weight) {
        boolean mlp = "mlp".equals(model);
        switch (name) {
            case "ce":
                return new CrossEntropy();
            case "mse":
                return new SquaredError(false);
            case "mse-margin":
                return new SquaredError(true);
            case "loss1":
                return new Alignment(weight != null ? weight : Alignment.BETA);
            case "loss2":
                return new NoiseToSignal(
                        weight != null ? weight : mlp ? NoiseToSignal.BETA_MLP : NoiseToSignal.BETA_CNN);
            case "jacobian":
                return new JacobianPenalty(weight != null ? weight : JacobianPenalty.BETA);
            case "fat":
                return new Adversarial("fat", Pgd.paper(rng), 0.5f, 0.5f);
            default:
                if (name.startsWith("adv")) {
                    int steps = advSteps(name);
                    float eps = advEps(name);
                    float a = mlp ? 1f : 0.5f;
                    float alpha = steps == ADV_STEPS ? ADV_ALPHA : ADV_STEPS * ADV_ALPHA / steps;
                    return new Adversarial(name, new Pgd(eps, alpha, steps, rng), a, a);
                }
                throw new IllegalArgumentException(
                        "unknown training objective '" + name + "'; expected one of " + NAMES);
        }
    }

    public static Objective of(String name, String model, Rng rng) {
        return of(name, model, rng, null);
    }

    /** Whether the objective needs the bias-free variant of the network (loss1). */
    public static boolean needsBiasFree(String name) {
        return "loss1".equals(name);
    }

    /** Checks a name without building anything (for option validation); throws with the accepted names. */
    public static void check(String name) {
        of(name, "mlp", new Rng(0));
    }

    /** The label Ma and Liang's tables and figures use for a method. */
    public static String paperLabel(String name) {
        switch (name) {
            case "jacobian":
                return "jacob";
            case "mse-margin":
                return "mseMargin";
            default:
                return name;
        }
    }

    /**
     * The paper's method a name stands for, whose published numbers it is compared with: adv0.1-pgd3 is
     * adv0.1 trained on a cheaper PGD; every other name is itself.
     */
    public static String paperMethod(String name) {
        int at = name.indexOf(PGD_SUFFIX);
        return name.startsWith("adv") && at > 0 ? name.substring(0, at) : name;
    }

    private static final String PGD_SUFFIX = "-pgd";

    /** K of adv&lt;eps&gt;-pgd&lt;K&gt; (1..100), or the paper's 10 without the suffix. */
    private static int advSteps(String name) {
        int at = name.indexOf(PGD_SUFFIX);
        if (at < 0) return ADV_STEPS;
        String v = name.substring(at + PGD_SUFFIX.length());
        try {
            int k = Integer.parseInt(v);
            if (k >= 1 && k <= 100) return k;
        } catch (NumberFormatException ignored) {
            // reported below with the name
        }
        throw new IllegalArgumentException(
                "objective '" + name + "': -pgd needs a step count in 1..100 after it, " + "e.g. adv0.1-pgd3");
    }

    private static float advEps(String name) {
        String v = paperMethod(name).substring(3);
        try {
            float eps = Float.parseFloat(v);
            if (eps > 0 && eps <= 1) return eps;
        } catch (NumberFormatException ignored) {
            // reported below with the name
        }
        throw new IllegalArgumentException(
                "objective '" + name + "': adv needs a noise level in (0, 1] after it, e.g. adv0.1");
    }
}
