package org.fatecg.nn;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fatecg.tensor.Reference;
import org.fatecg.tensor.Reference.Nd;

/**
 * Test-only double-precision twin of a {@link Layers.Sequential} made of conv / relu / pool / flatten / fc
 * layers (the paper CNN and the MLP), composed from {@link Reference} functions, with the weights copied
 * from the engine's model. Layers are recognised by their names ("conv1", "relu1", "pool1", "flatten",
 * "fc1"), as Models names them; convolutions are "same" (pad = (K - 1) / 2, the paper's k3 p1).
 *
 * <p>Besides the logits it records the activation pattern (which ReLU inputs are positive, which element
 * of each pooling window wins): within one pattern the network is a polynomial in its weights and input,
 * so a finite difference whose two points share the base pattern has no kink inside it.
 *
 * <p>What it is not: a trainer. The only backward pass here is the input gradient d <logits, seed> / d x,
 * composed from the reference adjoints (conv1dBackInput, poolScatter, matmul), for the double-backprop
 * check; weight gradients come from finite differences.
 */
final class RefNet {
    final List<String> layers;
    final Map<String, Nd> params;

    private RefNet(List<String> layers, Map<String, Nd> params) {
        this.layers = layers;
        this.params = params;
    }

    static RefNet of(Layers.Sequential net) {
        Map<String, Nd> p = new LinkedHashMap<>();
        for (Parameter q : net.parameters()) p.put(q.name(), Nd.of(q.value()));
        return new RefNet(net.layerNames(), p);
    }

    /** Every layer's input, the logits, and the activation pattern as bits. */
    static final class Trace {
        final List<Nd> inputs = new ArrayList<>();
        final BitSet pattern = new BitSet();
        int bits;
        Nd logits;

        void mark(boolean on) {
            if (on) pattern.set(bits);
            bits++;
        }
    }

    static int pad(Nd w) {
        return (w.shape[2] - 1) / 2;
    }

    Trace forward(Nd x) {
        Trace t = new Trace();
        for (String name : layers) {
            t.inputs.add(x);
            if (name.startsWith("conv")) {
                Nd w = params.get(name + ".weight"), b = params.get(name + ".bias");
                x = Reference.conv1d(x, w, pad(w));
                if (b != null) x = Reference.add(x, Reference.reshape(b, 1, -1, 1));
            } else if (name.startsWith("relu")) {
                for (double v : x.v) t.mark(v > 0);
                x = Reference.relu(x);
            } else if (name.startsWith("pool")) {
                int l = x.shape[x.shape.length - 1];
                for (int r = 0; r < x.size() / l; r++)
                    for (int j = 0; j < l / 2; j++) t.mark(x.v[r * l + 2 * j + 1] > x.v[r * l + 2 * j]);
                x = Reference.poolSelect(x, x);
            } else if (name.equals("flatten")) {
                x = Reference.reshape(x, x.shape[0], -1);
            } else if (name.startsWith("fc")) {
                Nd w = params.get(name + ".weight"), b = params.get(name + ".bias");
                x = Reference.matmul(x, w, false, true);
                if (b != null) x = Reference.add(x, b);
            } else {
                throw new IllegalArgumentException("RefNet does not know layer " + name);
            }
        }
        t.logits = x;
        return t;
    }

    /** Mean cross-entropy of the logits against class labels. */
    static double loss(Nd logits, Nd labels) {
        return Reference.mean(Reference.crossEntropy(logits, labels)).v[0];
    }

    /** d <logits, seed> / d x, the chain rule run backwards through the recorded layer inputs. */
    Nd inputGradient(Trace t, Nd seed) {
        Nd g = seed;
        for (int i = layers.size() - 1; i >= 0; i--) {
            String name = layers.get(i);
            Nd in = t.inputs.get(i);
            if (name.startsWith("conv")) {
                Nd w = params.get(name + ".weight");
                g = Reference.conv1dBackInput(g, w, in.shape[2], pad(w));
            } else if (name.startsWith("relu")) {
                g = Reference.mul(g, Reference.gt(in, Reference.scalar(0)));
            } else if (name.startsWith("pool")) {
                g = Reference.poolScatter(g, in, in.shape);
            } else if (name.equals("flatten")) {
                g = Reference.reshape(g, in.shape);
            } else if (name.startsWith("fc")) {
                g = Reference.matmul(g, params.get(name + ".weight"), false, false);
            }
        }
        return g;
    }
}
