package org.fatecg.backend.cuda;

/**
 * What CudaBackend needs from a GPU: memory, copies, kernel launches on one in-order stream, and
 * cuBLAS's column-major sgemm. JCudaDevice is the real one. Tests plug in a device that records every
 * call instead, so the host harness can replay exactly what the backend would launch.
 *
 * <p>All calls are ordered on one stream; only {@link #download} and {@link #synchronize} wait for the
 * device. Offsets and counts are in floats.
 */
interface Device extends AutoCloseable {
    /** A short description (model, ordinal). */
    String describe();

    /** Device memory for n floats, contents unspecified. */
    DeviceBuffer alloc(int n);

    void free(DeviceBuffer b);

    /** dst[0 .. host.length) = host. */
    void upload(DeviceBuffer dst, float[] host);

    /** host[0 .. n) = src[0 .. n); waits for the work queued before it. */
    void download(float[] host, DeviceBuffer src, int n);

    void copy(DeviceBuffer dst, int dstOffset, DeviceBuffer src, int srcOffset, int n);

    /** Sets n 32-bit words of dst to bits (a float's raw bits). */
    void memset32(DeviceBuffer dst, int bits, int n);

    /**
     * Launches kernel over a work of {@code work} items (threads of a grid-stride loop, or blocks where
     * {@link CudaKernel#blockPerItem()}); no launch when work is 0.
     */
    void launch(CudaKernel kernel, int work, KernelArgs args);

    /**
     * cublasSgemm, column-major: C (m, n) = alpha op(A) op(B) + beta C with leading dimensions lda, ldb,
     * ldc; C is not read when beta is 0.
     */
    void sgemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            DeviceBuffer a,
            int lda,
            DeviceBuffer b,
            int ldb,
            float beta,
            DeviceBuffer c,
            int ldc);

    /** Waits for all queued work. */
    void synchronize();

    /** Queues a timing event on the stream after the work queued so far; returns its number (0, 1, ...). */
    default int recordEvent() {
        throw new UnsupportedOperationException(describe() + " has no timing events");
    }

    /** Waits for the stream; each event's time in nanoseconds after event 0, in order; forgets them. */
    default long[] eventTimes() {
        return new long[0];
    }

    @Override
    void close();
}
