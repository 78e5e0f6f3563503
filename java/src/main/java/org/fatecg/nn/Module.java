package org.fatecg.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.tensor.Arena;
import org.fatecg.tensor.Tensor;

/**
 * A layer or a network: a forward function and an ordered list of named parameters. Parameters live
 * outside any {@link Arena}, so they survive training steps; optimisers update them in place.
 */
public abstract class Module {
    public abstract Tensor forward(Tensor x);

    /** The parameters in a fixed order (registration order), named as a PyTorch state_dict. */
    public abstract List<Parameter> parameters();

    public final int parameterCount() {
        int n = 0;
        for (Parameter p : parameters()) n += p.value().size();
        return n;
    }

    /** Turns gradient tracking of every parameter on or off (off while attacking: input gradients only). */
    public final void requiresGrad(boolean on) {
        for (Parameter p : parameters()) p.value().requiresGrad(on);
    }

    /** Name -> a host copy of the values, in parameter order. */
    public final Map<String, float[]> stateDict() {
        Map<String, float[]> m = new LinkedHashMap<>();
        for (Parameter p : parameters()) m.put(p.name(), p.value().toArray());
        return m;
    }

    public final Map<String, int[]> shapes() {
        Map<String, int[]> m = new LinkedHashMap<>();
        for (Parameter p : parameters()) m.put(p.name(), p.value().shape());
        return m;
    }

    /** Copies values in by name; every parameter must be present with its exact size. */
    public final void loadStateDict(Map<String, float[]> values) {
        for (Parameter p : parameters()) {
            float[] v = values.get(p.name());
            if (v == null)
                throw new IllegalArgumentException(
                        "missing parameter '" + p.name() + "' (have " + values.keySet() + ")");
            if (v.length != p.value().size())
                throw new IllegalArgumentException("parameter '" + p.name() + "' has " + v.length + " values, expected "
                        + p.value().size() + " for shape "
                        + Arrays.toString(p.value().shape()));
            try (Arena a = Arena.open()) {
                p.value().assign(Tensor.of(v, p.value().shape()));
            }
        }
    }

    /** Copies all parameter values from another module of the same architecture (device to device). */
    public final void copyFrom(Module other) {
        List<Parameter> mine = parameters(), theirs = other.parameters();
        if (mine.size() != theirs.size())
            throw new IllegalArgumentException(
                    "different architectures: " + mine.size() + " vs " + theirs.size() + " parameters");
        for (int i = 0; i < mine.size(); i++)
            mine.get(i).value().assign(theirs.get(i).value());
    }

    /** Parameters of children, prefixed by their names. */
    static List<Parameter> collect(Map<String, Module> children) {
        List<Parameter> all = new ArrayList<>();
        for (Map.Entry<String, Module> e : children.entrySet())
            for (Parameter p : e.getValue().parameters())
                all.add(new Parameter(e.getKey() + "." + p.name(), p.value()));
        return all;
    }
}
