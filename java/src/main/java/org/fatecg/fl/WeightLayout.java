package org.fatecg.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.nn.Module;
import org.fatecg.nn.Parameter;
import org.fatecg.nn.Safetensors;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Tensor;

/**
 * How a model's parameters lie in one flat float vector: the federation moves and averages weights as
 * such vectors (Flower moves a list of arrays; one vector is the same numbers, end to end, in the
 * module's parameter order). The layout also converts to and from PyTorch-named state dicts.
 *
 * <p>Not a model: it only knows names, shapes and offsets.
 */
public final class WeightLayout {
    private final String[] names;
    private final int[][] shapes;
    private final int[] offsets; // offsets[i] = start of parameter i; offsets[n] = total size

    public WeightLayout(Module model) {
        List<Parameter> ps = model.parameters();
        names = new String[ps.size()];
        shapes = new int[ps.size()][];
        offsets = new int[ps.size() + 1];
        for (int i = 0; i < ps.size(); i++) {
            names[i] = ps.get(i).name();
            shapes[i] = ps.get(i).value().shape();
            offsets[i + 1] = offsets[i] + ps.get(i).value().size();
        }
    }

    public int size() {
        return offsets[names.length];
    }

    public int count() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    public int[] shape(int i) {
        return shapes[i].clone();
    }

    /** The parameter names in order, e.g. conv1.weight, conv1.bias, ..., fc3.bias. */
    public List<String> names() {
        return List.of(names);
    }

    /** The model's current weights as one vector. */
    public float[] flatten(Module model) {
        check(model);
        float[] out = new float[size()];
        List<Parameter> ps = model.parameters();
        for (int i = 0; i < names.length; i++) {
            float[] v = ps.get(i).value().toArray();
            System.arraycopy(v, 0, out, offsets[i], v.length);
        }
        return out;
    }

    /** Writes the vector into the model's parameters, in place. */
    public void load(Module model, float[] flat) {
        check(model);
        if (flat.length != size())
            throw new IllegalArgumentException("weight vector of " + flat.length + " values for a model of " + size());
        List<Parameter> ps = model.parameters();
        try (Arena a = Arena.open()) {
            for (int i = 0; i < names.length; i++)
                ps.get(i).value().assign(Tensor.of(Arrays.copyOfRange(flat, offsets[i], offsets[i + 1]), shapes[i]));
        }
    }

    /**
     * Where the first NaN or infinity lies, as "conv1.weight[17] = NaN", or null when every value is
     * finite. Used to refuse a poisoned client update instead of averaging it in.
     */
    public String firstNonFinite(float[] flat) {
        for (int j = 0; j < flat.length; j++) {
            if (!Float.isFinite(flat[j])) {
                int i = 0;
                while (offsets[i + 1] <= j) i++;
                return names[i] + "[" + (j - offsets[i]) + "] = " + flat[j];
            }
        }
        return null;
    }

    /** Safetensors entries named as PyTorch's state_dict of the same network. */
    public Map<String, Safetensors.Entry> toEntries(float[] flat) {
        Map<String, Safetensors.Entry> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++)
            m.put(names[i], Safetensors.Entry.f32(shapes[i], Arrays.copyOfRange(flat, offsets[i], offsets[i + 1])));
        return m;
    }

    /**
     * The flat vector from named tensors (a PyTorch state_dict, optionally every name carrying one prefix
     * such as "model."). Every parameter must be present with its exact shape; extra tensors are an error
     * too, so a file of another architecture is never half-loaded, and every weight must be finite (an
     * all-NaN model would otherwise score as if it predicted one class). {@code source} names the file in errors.
     */
    public float[] fromEntries(Map<String, Safetensors.Entry> tensors, String prefix, String source) {
        List<String> problems = new ArrayList<>();
        float[] out = new float[size()];
        for (int i = 0; i < names.length; i++) {
            Safetensors.Entry e = tensors.get(prefix + names[i]);
            if (e == null) {
                problems.add("missing tensor '" + prefix + names[i] + "' (shape " + Arrays.toString(shapes[i]) + ")");
            } else if (e.floats == null) {
                problems.add("tensor '" + prefix + names[i] + "' is " + e.dtype + ", expected F32");
            } else if (!Arrays.equals(e.shape, shapes[i])) {
                problems.add("tensor '" + prefix + names[i] + "' has shape " + Arrays.toString(e.shape) + ", expected "
                        + Arrays.toString(shapes[i]));
            } else {
                System.arraycopy(e.floats, 0, out, offsets[i], e.floats.length);
            }
        }
        for (String key : tensors.keySet()) {
            boolean known = false;
            for (String n : names) known |= key.equals(prefix + n);
            if (!known) problems.add("unexpected tensor '" + key + "'");
        }
        if (!problems.isEmpty())
            throw new IllegalArgumentException(source + " does not match the model (" + size() + " parameters in "
                    + names.length + " tensors): " + String.join("; ", problems));
        String bad = firstNonFinite(out);
        if (bad != null)
            throw new IllegalArgumentException(
                    source + ": weight " + bad
                            + " is not finite; a model with NaN or infinite weights is refused (it diverged or the file is corrupt)");
        return out;
    }

    private void check(Module model) {
        List<Parameter> ps = model.parameters();
        if (ps.size() != names.length)
            throw new IllegalArgumentException("model has " + ps.size() + " parameters, layout " + names.length);
    }
}
