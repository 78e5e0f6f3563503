package org.fatecg.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClientSplitTest {

    @Test
    void sameSeedSameClientsAndThePartitionNeverMovesTheTestSet() {
        BeatDataset ds = TestDb.paper();
        ClientSplit a = ClientSplit.of(ds, SplitConfig.paper(11));
        ClientSplit b = ClientSplit.of(ds, SplitConfig.paper(11));
        assertArrayEquals(a.split().test(), b.split().test());
        for (int c = 0; c < 10; c++) assertArrayEquals(a.clients()[c], b.clients()[c]);
        ClientSplit d =
                ClientSplit.of(ds, SplitConfig.paper(11).withPartition(SplitConfig.PartitionKind.DIRICHLET, 0.3));
        assertArrayEquals(a.split().test(), d.split().test(), "test set independent of the partition");
        assertFalse(Arrays.equals(
                a.split().test(),
                ClientSplit.of(ds, SplitConfig.paper(12)).split().test()));
        // Clients cover the training set exactly.
        int[] all =
                Arrays.stream(a.clients()).flatMapToInt(Arrays::stream).sorted().toArray();
        int[] train = a.split().train();
        Arrays.sort(train);
        assertArrayEquals(train, all);
    }

    @Test
    void oversamplingBalancesEachClient() {
        BeatDataset ds = TestDb.paper();
        ClientSplit o = ClientSplit.of(
                ds,
                SplitConfig.paper(0)
                        .withSplit(SplitConfig.SplitKind.INTERPATIENT)
                        .withClients(2)
                        .withOversample(true));
        for (int[] client : o.clients()) {
            int[] c = ds.classCounts(client);
            for (int k = 1; k < 5; k++) assertEquals(c[0], c[k], Arrays.toString(c));
            assertFalse(
                    ds.label(client[0]) == 0
                            && ds.label(client[1]) == 0
                            && ds.label(client[2]) == 0
                            && ds.label(client[3]) == 0
                            && ds.label(client[4]) == 0,
                    "shuffled, not grouped by class");
        }
    }
}
