package org.fatecg.data;

/**
 * A train/test split as index arrays into one {@link BeatDataset}. Disjoint by construction; the order of
 * {@code train} is meaningful (the paper's IID shards cut it into contiguous pieces).
 *
 * @param train indices of the training windows
 * @param test  indices of the test windows
 */
public record Split(int[] train, int[] test) {
    public Split {
        train = train.clone();
        test = test.clone();
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] test() {
        return test.clone();
    }
}
