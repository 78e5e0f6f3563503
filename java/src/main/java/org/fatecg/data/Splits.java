package org.fatecg.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.fatecg.tensor.Rng;

/**
 * Train/test splits and class-balanced oversampling, all deterministic given the {@link Rng}.
 *
 * <ul>
 *   <li>{@link #random}: the paper's split. A seeded permutation of all n windows; the first
 *       floor(n * trainFraction) are train (in permuted order), the rest test. This is what
 *       torch's random_split with lengths [int(0.8 n), n - int(0.8 n)] does (with another generator):
 *       for n = 109,468 it gives 87,574 train and 21,894 test beats. Patients leak between the halves.</li>
 *   <li>{@link #interPatient}: de Chazal's DS1 (train) / DS2 (test), in dataset order; windows of other
 *       records (the paced 102, 104, 107, 217) are in neither.</li>
 *   <li>{@link #stratified}: per class, a seeded permutation of that class's windows, the first
 *       round(count * testFraction) to test; train is then shuffled so contiguous shards stay IID.</li>
 * </ul>
 */
public final class Splits {
    private Splits() {}

    /** The paper's random beat-level split; trainFraction 0.8 for the paper. */
    public static Split random(int n, double trainFraction, Rng rng) {
        checkFraction(trainFraction);
        int[] perm = rng.permutation(n);
        int nTrain = (int) Math.floor(n * trainFraction);
        return new Split(Arrays.copyOfRange(perm, 0, nTrain), Arrays.copyOfRange(perm, nTrain, n));
    }

    /** de Chazal et al. 2004: windows of DS1 records train, of DS2 records test. */
    public static Split interPatient(BeatDataset ds) {
        return byRecords(ds, MitBih.DS1, MitBih.DS2);
    }

    /** Train = windows of {@code trainRecords}, test = windows of {@code testRecords}, in dataset order. */
    public static Split byRecords(BeatDataset ds, List<String> trainRecords, List<String> testRecords) {
        Set<Integer> tr = ids(trainRecords), te = ids(testRecords);
        for (int id : tr)
            if (te.contains(id))
                throw new IllegalArgumentException("record " + id + " is in both the train and the test list");
        List<Integer> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < ds.size(); i++) {
            if (tr.contains(ds.record(i))) a.add(i);
            else if (te.contains(ds.record(i))) b.add(i);
        }
        return new Split(toArray(a), toArray(b));
    }

    /** Per-class split with the same test fraction in every class (1 - trainFraction). */
    public static Split stratified(BeatDataset ds, double trainFraction, Rng rng) {
        checkFraction(trainFraction);
        List<Integer> train = new ArrayList<>(), test = new ArrayList<>();
        for (int c = 0; c < Aami.COUNT; c++) {
            int[] members = indicesOfClass(ds, c);
            rng.shuffle(members);
            int nTest = (int) Math.round(members.length * (1 - trainFraction));
            for (int k = 0; k < members.length; k++) (k < nTest ? test : train).add(members[k]);
        }
        int[] tr = toArray(train);
        rng.shuffle(tr);
        int[] te = toArray(test);
        Arrays.sort(te);
        return new Split(tr, te);
    }

    /**
     * Class-balanced oversampling (Ma and Liang 2020): each class's indices, in their given order, tiled
     * (repeated cyclically) until the class has as many as the largest class; a class with no
     * members stays empty. The result is grouped by class (N first); shuffle it before batching.
     */
    public static int[] oversample(BeatDataset ds, int[] idx) {
        int max = BalancedSample.largestClass(ds, idx);
        return max == 0 ? new int[0] : BalancedSample.perClass(ds, idx, max);
    }

    static int[] indicesOfClass(BeatDataset ds, int c) {
        int n = 0;
        for (int i = 0; i < ds.size(); i++) if (ds.label(i) == c) n++;
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < ds.size(); i++) if (ds.label(i) == c) out[k++] = i;
        return out;
    }

    private static Set<Integer> ids(List<String> records) {
        Set<Integer> s = new HashSet<>();
        for (String r : records) s.add(MitBih.recordNumber(r));
        return s;
    }

    static int[] toArray(List<Integer> l) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }

    private static void checkFraction(double f) {
        if (!(f > 0 && f < 1)) throw new IllegalArgumentException("train fraction must be in (0, 1), got " + f);
    }
}
