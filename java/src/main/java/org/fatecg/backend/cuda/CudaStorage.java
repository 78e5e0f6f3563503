package org.fatecg.backend.cuda;

import org.fatecg.backend.Backend;
import org.fatecg.backend.Profiler;
import org.fatecg.backend.Storage;

/** A Storage in device memory: a buffer of exactly {@link #size()} floats seen by the backend. */
final class CudaStorage implements Storage {
    final DeviceBuffer buffer;
    private final int size;
    private final CudaBackend owner;

    CudaStorage(CudaBackend owner, DeviceBuffer buffer, int size) {
        this.owner = owner;
        this.buffer = buffer;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Backend backend() {
        return Profiler.dispatch(owner);
    }
}
