package org.fatecg.attack;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.nn.Module;
import org.fatecg.tensor.Grad;
import org.fatecg.tensor.Tensor;

/**
 * The per-beat worst case over an ensemble (Croce and Hein 2020's AutoAttack, here APGD-CE, APGD-DLR
 * and Square; FAB is not included): the attacks run in turn, each on the beats that every earlier one
 * failed on, and a beat's answer is the first point that reaches the goal (else the last attack's). A
 * beat is robust only if every attack fails on it; a beat misclassified when clean is kept as it is.
 */
public final class AutoAttack extends AttackBase {
    private final List<Attack> attacks;

    public AutoAttack(List<Attack> attacks) {
        if (attacks.isEmpty()) throw new IllegalArgumentException("an ensemble needs at least one attack");
        this.attacks = List.copyOf(attacks);
    }

    @Override
    public String name() {
        StringBuilder b = new StringBuilder("AutoAttack[");
        for (Attack a : attacks) b.append(b.length() > 11 ? ", " : "").append(a.name());
        return b.append(']').toString();
    }

    /** robust[i] = no attack fooled beat i: fooled[a][i] says whether attack a reached the goal on beat i. */
    public static boolean[] robust(boolean[][] fooled, int beats) {
        boolean[] r = new boolean[beats];
        for (int i = 0; i < beats; i++) {
            r[i] = true;
            for (boolean[] byAttack : fooled) if (byAttack[i]) r[i] = false;
        }
        return r;
    }

    @Override
    protected Tensor run(Module model, Tensor x, Tensor labels, boolean targeted) {
        int n = x.dim(0);
        float[] lab = labels.toArray();
        Tensor[] answer = new Tensor[n];
        boolean[] open = new boolean[n];
        boolean[] clean = reachedAt(model, x, lab, targeted);
        for (int i = 0; i < n; i++) {
            answer[i] = x.slice(0, i, 1).copy();
            open[i] = !clean[i];
        }
        for (Attack a : attacks) {
            List<Integer> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) if (open[i]) rows.add(i);
            if (rows.isEmpty()) break;
            Tensor[] xs = new Tensor[rows.size()];
            float[] ys = new float[rows.size()];
            for (int k = 0; k < xs.length; k++) {
                xs[k] = x.slice(0, rows.get(k), 1);
                ys[k] = lab[rows.get(k)];
            }
            Tensor sub = Tensor.concat(0, xs), suby = Tensor.of(ys, ys.length);
            Tensor adv = targeted ? a.perturbTargeted(model, sub, suby) : a.perturb(model, sub, suby);
            boolean[] hit = reachedAt(model, adv, ys, targeted);
            for (int k = 0; k < xs.length; k++) {
                int i = rows.get(k);
                answer[i] = adv.slice(0, k, 1).copy();
                if (hit[k]) open[i] = false;
            }
        }
        return Tensor.concat(0, answer);
    }

    private static boolean[] reachedAt(Module model, Tensor x, float[] labels, boolean targeted) {
        try (Grad off = Grad.off()) {
            return reached(model.forward(x), labels, targeted);
        }
    }
}
