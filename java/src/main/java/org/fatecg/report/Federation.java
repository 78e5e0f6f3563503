package org.fatecg.report;

import java.util.ArrayList;
import java.util.List;
import org.fatecg.fl.RoundRecord;
import org.fatecg.fl.Simulation;

/**
 * What a report draws of one federation: its name ("Non-FAT", "FAT") and its rounds in order. An
 * in-process {@link Simulation} gives one; so does a real Flower run's record, read back from the
 * ServerApp's output, so both kinds of run get the same tables and figures.
 */
public record Federation(String name, List<RoundRecord> history) {
    public Federation {
        history = List.copyOf(history);
    }

    public static List<Federation> of(List<Simulation> sims) {
        List<Federation> out = new ArrayList<>();
        for (Simulation s : sims) out.add(new Federation(s.name(), s.history()));
        return out;
    }
}
