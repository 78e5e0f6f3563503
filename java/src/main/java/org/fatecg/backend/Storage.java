package org.fatecg.backend;

/**
 * A flat float32 buffer owned by one backend: a Java array on the CPU, device memory on a GPU.
 * Tensors hold a Storage; only the backend that made it reads or writes its contents.
 */
public interface Storage {
    /** Number of float elements. */
    int size();

    /** The backend that owns this buffer. */
    Backend backend();
}
