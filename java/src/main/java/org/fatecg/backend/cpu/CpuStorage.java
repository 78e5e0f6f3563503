package org.fatecg.backend.cpu;

import org.fatecg.backend.Backend;
import org.fatecg.backend.Profiler;
import org.fatecg.backend.Storage;

/** A CPU buffer: a plain float array. */
public final class CpuStorage implements Storage {
    final float[] data;
    private final CpuBackend owner;

    CpuStorage(CpuBackend owner, float[] data) {
        this.owner = owner;
        this.data = data;
    }

    /** The array itself (CPU kernels and tests read it without a copy). */
    public float[] array() {
        return data;
    }

    @Override
    public int size() {
        return data.length;
    }

    @Override
    public Backend backend() {
        return Profiler.dispatch(owner);
    }
}
