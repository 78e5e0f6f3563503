package org.fatecg.backend.cuda;

import java.util.Arrays;

/**
 * The arguments of one kernel launch, added in the order of the kernel's C signature. Each add names
 * the parameter it fills, and a wrong name, kind or order fails at once (an IllegalStateException on
 * the host, not garbage on the device). Dims and Strides are packed as the C structs lay them out:
 * Dims = {rank, size[8]}, Strides = {s[8]}, all ints.
 */
final class KernelArgs {
    final CudaKernel kernel;
    final Object[] values;
    private int next;

    KernelArgs(CudaKernel kernel) {
        this.kernel = kernel;
        this.values = new Object[kernel.params.size()];
    }

    private KernelArgs put(String name, CudaKernel.Kind kind, Object value) {
        if (next >= values.length)
            throw new IllegalStateException(kernel.symbol + ": too many arguments (at " + name + ")");
        CudaKernel.Param p = kernel.params.get(next);
        if (!p.name.equals(name) || p.kind != kind)
            throw new IllegalStateException(
                    kernel.symbol + ": argument " + next + " is " + p + ", not a " + kind + " " + name);
        values[next++] = value;
        return this;
    }

    KernelArgs buf(String name, DeviceBuffer b) {
        return put(name, CudaKernel.Kind.PTR, b);
    }

    KernelArgs i(String name, int v) {
        return put(name, CudaKernel.Kind.INT, v);
    }

    KernelArgs f(String name, float v) {
        return put(name, CudaKernel.Kind.FLOAT, v);
    }

    /** fx::Dims {rank, size[MAX_RANK]} from a shape of rank <= MAX_RANK. */
    KernelArgs dims(String name, int[] shape) {
        checkRank(shape);
        int[] packed = new int[1 + CudaKernel.MAX_RANK];
        packed[0] = shape.length;
        System.arraycopy(shape, 0, packed, 1, shape.length);
        return put(name, CudaKernel.Kind.DIMS, packed);
    }

    /** fx::Strides {s[MAX_RANK]}. */
    KernelArgs strides(String name, int[] strides) {
        checkRank(strides);
        return put(name, CudaKernel.Kind.STRIDES, Arrays.copyOf(strides, CudaKernel.MAX_RANK));
    }

    private void checkRank(int[] a) {
        if (a.length > CudaKernel.MAX_RANK)
            throw new IllegalArgumentException(
                    kernel.symbol + ": rank " + a.length + " after coalescing exceeds " + CudaKernel.MAX_RANK);
    }

    /** Throws unless every parameter was filled. */
    KernelArgs complete() {
        if (next != values.length)
            throw new IllegalStateException(kernel.symbol + ": " + next + " of " + values.length + " arguments given");
        return this;
    }
}
