package org.fatecg.tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.backend.Profiler;

/**
 * Reverse-mode differentiation over the graph that the primitives record.
 *
 * <p>{@link #grad} is torch.autograd.grad: the gradients of a scalar with respect to chosen tensors
 * (parameters or inputs), optionally recorded themselves (createGraph) so they can be differentiated
 * again. There is no {@code .grad} field to accumulate into: a training step hands the gradients it
 * gets here to the optimiser explicitly. Only the nodes on a path to a wanted tensor run their backward rule, and each rule is told which of
 * its inputs need a gradient, so an attack (gradient with respect to the input only) never computes a
 * weight gradient.
 */
public final class Autograd {
    private Autograd() {}

    public static Tensor[] grad(Tensor output, Tensor... wrt) {
        return grad(output, null, false, wrt);
    }

    /**
     * d output / d wrt_i, seeded with seed (ones when null, for a scalar output). A tensor that output
     * does not depend on gets a zero gradient.
     */
    public static Tensor[] grad(Tensor output, Tensor seed, boolean createGraph, Tensor... wrt) {
        IdentityHashMap<Tensor, Boolean> targets = new IdentityHashMap<>();
        for (Tensor t : wrt) targets.put(t, Boolean.TRUE);
        Map<Tensor, Tensor> grads;
        try (Profiler.Phase backward = Profiler.phase("backward")) {
            grads = propagate(output, seed, createGraph, targets);
        }
        Tensor[] out = new Tensor[wrt.length];
        for (int i = 0; i < wrt.length; i++) {
            Tensor g = grads.get(wrt[i]);
            out[i] = g != null ? g : Tensor.zeros(wrt[i].shape());
        }
        return out;
    }

    private static Map<Tensor, Tensor> propagate(
            Tensor output, Tensor seed, boolean createGraph, IdentityHashMap<Tensor, Boolean> targets) {
        if (!output.requiresGrad())
            throw new IllegalStateException("the output does not depend on anything that requires a gradient");
        if (seed == null && output.size() != 1)
            throw new IllegalArgumentException("a seed is needed for a non-scalar output " + output);
        List<Tensor> order = topoOrder(output);
        // A node needs a gradient if it is a target or lies on a path to one.
        IdentityHashMap<Tensor, Boolean> needed = new IdentityHashMap<>();
        for (Tensor t : order) { // parents come before children in this order
            boolean need = targets.containsKey(t);
            if (!need && t.parents != null) for (Tensor p : t.parents) need |= needed.containsKey(p);
            if (need) needed.put(t, Boolean.TRUE);
        }
        IdentityHashMap<Tensor, Tensor> grads = new IdentityHashMap<>();
        try (Grad recording = Grad.set(createGraph)) {
            grads.put(output, seed != null ? seed : Tensor.full(1f, output.shape()));
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.get(t);
                if (g == null || t.parents == null || !needed.containsKey(t)) continue;
                boolean[] need = new boolean[t.parents.length];
                for (int p = 0; p < need.length; p++) need[p] = needed.containsKey(t.parents[p]);
                Tensor[] pg = t.rule.apply(g, need);
                for (int p = 0; p < need.length; p++) {
                    if (!need[p] || pg[p] == null) continue;
                    Tensor parent = t.parents[p];
                    Tensor old = grads.get(parent);
                    grads.put(parent, old == null ? pg[p] : old.add(pg[p]));
                }
                if (!targets.containsKey(t)) grads.remove(t);
            }
        }
        return grads;
    }

    /** Nodes that require gradients, parents before children (iterative DFS: graphs can be deep). */
    static List<Tensor> topoOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayList<Tensor> stack = new ArrayList<>();
        ArrayList<Integer> next = new ArrayList<>();
        stack.add(root);
        next.add(0);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Tensor t = stack.get(top);
            int i = next.get(top);
            if (t.parents != null && i < t.parents.length) {
                next.set(top, i + 1);
                Tensor p = t.parents[i];
                if (p.requiresGrad() && seen.put(p, Boolean.TRUE) == null) {
                    stack.add(p);
                    next.add(0);
                }
            } else {
                order.add(t);
                stack.remove(top);
                next.remove(top);
            }
        }
        return order;
    }
}
