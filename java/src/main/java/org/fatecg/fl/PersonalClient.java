package org.fatecg.fl;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.tensor.Rng;

/**
 * FedPer (Arivazhagan et al. 2019, "Federated learning with personalization layers"): the parameters
 * whose names start with one of the personal prefixes (e.g. "fc3." for the head) stay at the client.
 * Each fit starts from the global weights with the client's own personal layers put back; the client
 * keeps the personal part of what it trained and sends the global model's personal part unchanged, so
 * the server averages only the shared base and learns nothing of the heads.
 */
public final class PersonalClient extends Client {
    private final Client inner;
    private final int[][] ranges; // [from, to) of each personal parameter in the flat vector
    private float[] personal; // this client's weights of the personal ranges (null before its first fit)

    public PersonalClient(Client inner, WeightLayout layout, List<String> prefixes) {
        super(inner.id(), inner.data, inner.indices(), inner.trainer);
        this.inner = inner;
        this.ranges = personalRanges(layout, prefixes);
    }

    /** The [from, to) ranges of the parameters named with one of the prefixes; none is an error. */
    public static int[][] personalRanges(WeightLayout layout, List<String> prefixes) {
        List<int[]> out = new ArrayList<>();
        int off = 0;
        for (int i = 0; i < layout.count(); i++) {
            int size = 1;
            for (int d : layout.shape(i)) size *= d;
            for (String p : prefixes)
                if (layout.name(i).startsWith(p)) {
                    out.add(new int[] {off, off + size});
                    break;
                }
            off += size;
        }
        if (out.isEmpty())
            throw new IllegalArgumentException(
                    "no parameter is named with " + prefixes + "; the model has " + layout.names());
        return out.toArray(new int[0][]);
    }

    /** The global weights with this client's personal layers in place (the global ones before its first fit). */
    public float[] personalise(float[] global) {
        float[] w = global.clone();
        if (personal == null) return w;
        int k = 0;
        for (int[] r : ranges) {
            System.arraycopy(personal, k, w, r[0], r[1] - r[0]);
            k += r[1] - r[0];
        }
        return w;
    }

    @Override
    protected FitResult fit(LocalTrainer.Job job, int n, float[] global, FitConfig config, Rng rng) {
        FitResult r = inner.fitWith(job, personalise(global), config, rng);
        float[] trained = r.weights(), sent = trained.clone();
        int total = 0;
        for (int[] g : ranges) total += g[1] - g[0];
        personal = new float[total];
        int k = 0;
        for (int[] g : ranges) {
            System.arraycopy(trained, g[0], personal, k, g[1] - g[0]);
            System.arraycopy(global, g[0], sent, g[0], g[1] - g[0]);
            k += g[1] - g[0];
        }
        return new FitResult(r.client(), sent, r.numExamples(), r.meanLoss(), r.steps(), r.nanos());
    }

    @Override
    public String kind() {
        return inner.kind() + "+fedper";
    }
}
