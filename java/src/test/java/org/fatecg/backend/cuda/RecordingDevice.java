package org.fatecg.backend.cuda;

import java.util.EnumSet;
import java.util.Set;

/**
 * A Device that runs nothing and writes every call in the golden-file language that
 * kernels/harness/harness.cpp replays: the exact kernel launches and cuBLAS calls CudaBackend makes,
 * with their arguments. Buffers are numbered in allocation order.
 */
final class RecordingDevice implements Device {
    static final class Buf implements DeviceBuffer {
        final int id;
        final int n;

        Buf(int id, int n) {
            this.id = id;
            this.n = n;
        }

        @Override
        public int floats() {
            return n;
        }
    }

    final StringBuilder out = new StringBuilder();
    final Set<CudaKernel> launched = EnumSet.noneOf(CudaKernel.class);
    int sgemmCalls;
    private int nextId;

    static String hex(float f) {
        return Integer.toHexString(Float.floatToRawIntBits(f));
    }

    static int id(DeviceBuffer b) {
        return ((Buf) b).id;
    }

    @Override
    public String describe() {
        return "recording";
    }

    @Override
    public DeviceBuffer alloc(int n) {
        Buf b = new Buf(nextId++, n);
        out.append("buffer ").append(b.id).append(' ').append(n).append('\n');
        return b;
    }

    @Override
    public void free(DeviceBuffer b) {
        out.append("free ").append(id(b)).append('\n');
    }

    @Override
    public void upload(DeviceBuffer dst, float[] host) {
        out.append("upload ").append(id(dst)).append(' ').append(host.length);
        for (float v : host) out.append(' ').append(hex(v));
        out.append('\n');
    }

    @Override
    public void download(float[] host, DeviceBuffer src, int n) {
        throw new UnsupportedOperationException("a recording device holds no data");
    }

    @Override
    public void copy(DeviceBuffer dst, int dstOffset, DeviceBuffer src, int srcOffset, int n) {
        out.append("copy ")
                .append(id(dst))
                .append(' ')
                .append(dstOffset)
                .append(' ')
                .append(id(src))
                .append(' ')
                .append(srcOffset)
                .append(' ')
                .append(n)
                .append('\n');
    }

    @Override
    public void memset32(DeviceBuffer dst, int bits, int n) {
        out.append("memset ")
                .append(id(dst))
                .append(' ')
                .append(Integer.toHexString(bits))
                .append(' ')
                .append(n)
                .append('\n');
    }

    @Override
    public void launch(CudaKernel kernel, int work, KernelArgs args) {
        if (work <= 0) return;
        launched.add(kernel);
        out.append("launch ")
                .append(kernel.symbol)
                .append(' ')
                .append(work)
                .append(' ')
                .append(args.values.length);
        for (int i = 0; i < args.values.length; i++) {
            Object v = args.values[i];
            out.append(' ');
            switch (kernel.params.get(i).kind) {
                case PTR:
                    out.append('P').append(id((DeviceBuffer) v));
                    break;
                case INT:
                    out.append('I').append((int) (Integer) v);
                    break;
                case FLOAT:
                    out.append('F').append(hex((Float) v));
                    break;
                default: {
                    int[] ints = (int[]) v;
                    out.append('S');
                    for (int k = 0; k < ints.length; k++)
                        out.append(k == 0 ? "" : ",").append(ints[k]);
                }
            }
        }
        out.append('\n');
    }

    @Override
    public void sgemm(
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
            int ldc) {
        sgemmCalls++;
        out.append("sgemm ")
                .append(transA ? 1 : 0)
                .append(' ')
                .append(transB ? 1 : 0)
                .append(' ')
                .append(m)
                .append(' ')
                .append(n)
                .append(' ')
                .append(k)
                .append(' ')
                .append(hex(alpha))
                .append(' ')
                .append(id(a))
                .append(' ')
                .append(lda)
                .append(' ')
                .append(id(b))
                .append(' ')
                .append(ldb)
                .append(' ')
                .append(hex(beta))
                .append(' ')
                .append(id(c))
                .append(' ')
                .append(ldc)
                .append('\n');
    }

    @Override
    public void synchronize() {
        // nothing queued
    }

    @Override
    public void close() {
        // nothing held
    }
}
