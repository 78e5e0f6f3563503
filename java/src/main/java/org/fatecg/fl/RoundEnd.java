package org.fatecg.fl;

import java.io.IOException;
import java.util.List;

/**
 * Called by the round loop after round r (r >= 0) once every federation has finished it: where a run
 * writes its checkpoint, metrics and summary line. The simulations are those of the loop, at round r.
 */
@FunctionalInterface
public interface RoundEnd {
    void after(int round, List<Simulation> sims) throws IOException;
}
