package org.fatecg.optim;

import java.util.Arrays;
import java.util.List;
import org.fatecg.backend.Profiler;
import org.fatecg.nn.Parameter;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Tensor;

/**
 * Updates parameters in place from gradients handed to it explicitly, in parameter order:
 * {@code opt.step(Autograd.grad(loss, opt.parameters()))}. Nothing is read from the tensors but their
 * values, so an attack can step its own point with a gradient it estimated (SPSA) or took (CW). State (per-parameter moment buffers and
 * step counts) lives outside any arena and is cleared by {@link #reset}, which the federated loop calls
 * at every round (the paper creates a new Adam per round per client).
 */
public abstract class Optimizer {
    protected final List<Parameter> params;
    private final Tensor[][] state;
    /** Steps taken per parameter (PyTorch's state['step']): a parameter skipped for lack of a gradient does not count. */
    private final int[] steps;

    private int step;

    /** stateSlots: how many buffers shaped like each parameter the method keeps (Adam: m and v). */
    protected Optimizer(List<Parameter> params, int stateSlots) {
        this.params = List.copyOf(params);
        this.state = new Tensor[this.params.size()][stateSlots];
        this.steps = new int[this.params.size()];
    }

    /** The tensors this optimiser updates, in the order {@link #step} takes their gradients. */
    public final Tensor[] parameters() {
        Tensor[] values = new Tensor[params.size()];
        for (int i = 0; i < values.length; i++) values[i] = params.get(i).value();
        return values;
    }

    /**
     * One update: grads[i] is d loss / d parameter i, shaped like it; a null entry skips that parameter
     * and keeps its state and step count (PyTorch skips a parameter whose .grad is None).
     */
    public final void step(Tensor... grads) {
        if (grads.length != params.size())
            throw new IllegalArgumentException(grads.length + " gradients for " + params.size() + " parameters");
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i).value(), g = grads[i];
            if (g != null && g.size() != p.size())
                throw new IllegalArgumentException("gradient " + g + " does not fit parameter '"
                        + params.get(i).name() + "' " + p);
        }
        step++;
        try (Profiler.Phase optimiser = Profiler.phase("optimiser")) {
            for (int i = 0; i < params.size(); i++) {
                if (grads[i] == null) continue;
                steps[i]++;
                update(i, params.get(i).value(), grads[i], steps[i]);
            }
        }
    }

    /** Updates parameter i in place; t is its own step count, from 1. */
    protected abstract void update(int index, Tensor param, Tensor grad, int t);

    /** State buffer `slot` of parameter i, zero on first use. */
    protected final Tensor state(int i, int slot) {
        Tensor s = state[i][slot];
        if (s == null) {
            Tensor p = params.get(i).value();
            s = state[i][slot] = Arena.unmanaged(() -> Tensor.zeros(p.shape()));
        }
        return s;
    }

    /** Forgets all state, as a freshly constructed optimiser (buffers are zeroed and kept). */
    public void reset() {
        step = 0;
        Arrays.fill(steps, 0);
        for (Tensor[] slots : state)
            for (Tensor s : slots) if (s != null) s.storage().backend().fill(s.storage(), 0f);
    }

    /** Calls to step() since construction or reset. */
    public int steps() {
        return step;
    }

    /**
     * The state for a checkpoint: "slot.i.s" -> buffer s of parameter i (only those in use), "steps" -> the
     * per-parameter step counts, "step" -> the number of calls to step() (counts as floats: exact below 2^24).
     */
    public final java.util.Map<String, float[]> stateDict() {
        java.util.Map<String, float[]> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < state.length; i++)
            for (int s = 0; s < state[i].length; s++)
                if (state[i][s] != null) m.put("slot." + i + "." + s, state[i][s].toArray());
        float[] st = new float[steps.length];
        for (int i = 0; i < st.length; i++) st[i] = steps[i];
        m.put("steps", st);
        m.put("step", new float[] {step});
        return m;
    }

    /** Restores what {@link #stateDict} wrote; a buffer of the wrong size or an unknown entry is an error. */
    public final void loadStateDict(java.util.Map<String, float[]> m) {
        reset();
        for (java.util.Map.Entry<String, float[]> e : m.entrySet()) {
            String k = e.getKey();
            float[] v = e.getValue();
            if (k.equals("steps")) {
                if (v.length != steps.length)
                    throw new IllegalArgumentException(
                            "optimizer state 'steps' has " + v.length + " counts, expected " + steps.length);
                for (int i = 0; i < v.length; i++) steps[i] = (int) v[i];
            } else if (k.equals("step")) {
                step = (int) v[0];
            } else if (k.startsWith("slot.")) {
                String[] parts = k.split("\\.");
                int i = Integer.parseInt(parts[1]), s = Integer.parseInt(parts[2]);
                if (i >= state.length || s >= state[i].length)
                    throw new IllegalArgumentException("optimizer state '" + k + "' does not exist for this optimizer");
                Tensor buf = state(i, s);
                if (buf.size() != v.length)
                    throw new IllegalArgumentException(
                            "optimizer state '" + k + "' has " + v.length + " values, expected " + buf.size());
                try (Arena a = Arena.open()) {
                    buf.assign(Tensor.of(v, buf.shape()));
                }
            } else {
                throw new IllegalArgumentException("unknown optimizer state entry '" + k + "'");
            }
        }
    }
}
