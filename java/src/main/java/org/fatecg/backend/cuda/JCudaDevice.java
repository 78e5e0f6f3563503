package org.fatecg.backend.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD32;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUevent_flags;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.jcublas.cublasOperation;

/**
 * The real device, through JCuda's driver API and JCublas2: the device's primary context (the one the
 * CUDA runtime, and so cuBLAS, uses), the legacy default stream for everything (in order, and
 * synchronous copies wait for queued kernels), the kernels loaded from the fatbin with
 * cuModuleLoadData.
 *
 * <p>{@link #open} never lets a native-loading failure escape as an Error: a missing libcuda.so.1 (no
 * driver), libcublas.so.12 (no CUDA 12 cuBLAS) or a kernel image the driver cannot load (a driver older
 * than the nvcc that built it) all become a {@link CudaUnavailableException} with a one-line reason.
 */
final class JCudaDevice implements Device {
    private static final class Buffer implements DeviceBuffer {
        final CUdeviceptr ptr;
        final int n;

        Buffer(CUdeviceptr ptr, int n) {
            this.ptr = ptr;
            this.n = n;
        }

        @Override
        public int floats() {
            return n;
        }
    }

    private final CUdevice device;
    private final CUcontext context;
    private final CUmodule module;
    private final CUfunction[] functions;
    private final cublasHandle cublas;
    private final String description;
    private Thread boundTo;

    private JCudaDevice(
            CUdevice device,
            CUcontext context,
            CUmodule module,
            CUfunction[] functions,
            cublasHandle cublas,
            String description) {
        this.device = device;
        this.context = context;
        this.module = module;
        this.functions = functions;
        this.cublas = cublas;
        this.description = description;
        this.boundTo = Thread.currentThread();
    }

    static JCudaDevice open(int ordinal) throws CudaUnavailableException {
        CUdevice dev = new CUdevice();
        CUcontext ctx = null;
        CUmodule module = null;
        try {
            JCudaNatives.load(); // JCuda's natives from fatecg's verified private copy, never from /tmp
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
            int[] count = {0};
            cuDeviceGetCount(count);
            if (count[0] == 0) throw new CudaUnavailableException("the CUDA driver sees no GPU", null);
            if (ordinal < 0 || ordinal >= count[0])
                throw new CudaUnavailableException(
                        "no CUDA device " + ordinal + " (this machine has " + count[0] + ")", null);
            cuDeviceGet(dev, ordinal);
            ctx = new CUcontext();
            cuDevicePrimaryCtxRetain(ctx, dev);
            cuCtxSetCurrent(ctx);
            byte[] image = KernelImage.load(); // after the driver checks: "no GPU" is the better reason
            module = new CUmodule();
            try {
                cuModuleLoadData(module, image);
            } catch (CudaException e) {
                int[] version = {0};
                cuDriverGetVersion(version);
                throw new CudaUnavailableException(
                        "the driver (CUDA " + version[0] / 1000 + "." + version[0] % 1000 / 10
                                + ") cannot load kernels built by nvcc 13 (" + e.getMessage()
                                + "); an R580 or newer driver is needed",
                        e);
            }
            CUfunction[] fns = new CUfunction[CudaKernel.values().length];
            for (CudaKernel k : CudaKernel.values()) {
                fns[k.ordinal()] = new CUfunction();
                cuModuleGetFunction(fns[k.ordinal()], module, k.symbol);
            }
            cublasHandle handle = new cublasHandle();
            JCublas2.setExceptionsEnabled(true);
            JCublas2.cublasCreate(handle);
            return new JCudaDevice(dev, ctx, module, fns, handle, describe(dev, ordinal));
        } catch (CudaUnavailableException e) {
            cleanUp(dev, ctx, module);
            throw e;
        } catch (LinkageError | RuntimeException e) {
            // UnsatisfiedLinkError (natives or libcuda/libcublas missing), NoClassDefFoundError (a second
            // attempt after a failed static initialiser), CudaException (driver errors).
            cleanUp(dev, ctx, module);
            throw new CudaUnavailableException(reason(e), e);
        }
    }

    /** The first native-loading failure; later attempts only see NoClassDefFoundError and repeat it. */
    private static volatile String firstLinkFailure;

    static String reason(Throwable e) {
        if (e instanceof NoClassDefFoundError && firstLinkFailure != null) return firstLinkFailure;
        String r = CudaUnavailableException.oneLine(e);
        if (r.startsWith("libcuda.so")) r += ": no NVIDIA driver";
        else if (r.startsWith("libcublas.so.12"))
            r +=
                    ": JCublas 12.6 needs CUDA 12 cuBLAS (a CUDA 12.x toolkit, or pip nvidia-cublas-cu12 on LD_LIBRARY_PATH)";
        if (e instanceof UnsatisfiedLinkError) firstLinkFailure = r;
        return r;
    }

    private static void cleanUp(CUdevice dev, CUcontext ctx, CUmodule module) {
        try {
            if (module != null) cuModuleUnload(module);
        } catch (LinkageError | RuntimeException ignored) {
            // best effort: the device is unusable anyway
        }
        try {
            if (ctx != null) cuDevicePrimaryCtxRelease(dev);
        } catch (LinkageError | RuntimeException ignored) {
            // as above
        }
    }

    private static String describe(CUdevice dev, int ordinal) {
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, dev);
        int len = 0;
        while (len < name.length && name[len] != 0) len++;
        int[] major = {0}, minor = {0};
        cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev);
        cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev);
        return "cuda:" + ordinal + " " + new String(name, 0, len, java.nio.charset.StandardCharsets.US_ASCII) + " (sm_"
                + major[0] + minor[0] + ")";
    }

    /** Makes the context current on the calling thread (contexts are per thread in the driver API). */
    private void bind() {
        Thread t = Thread.currentThread();
        if (t != boundTo) {
            cuCtxSetCurrent(context);
            boundTo = t;
        }
    }

    private static CUdeviceptr p(DeviceBuffer b) {
        return ((Buffer) b).ptr;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized DeviceBuffer alloc(int n) {
        bind();
        CUdeviceptr ptr = new CUdeviceptr();
        cuMemAlloc(ptr, (long) n * Sizeof.FLOAT);
        return new Buffer(ptr, n);
    }

    @Override
    public synchronized void free(DeviceBuffer b) {
        bind();
        cuMemFree(p(b));
    }

    @Override
    public synchronized void upload(DeviceBuffer dst, float[] host) {
        bind();
        cuMemcpyHtoD(p(dst), Pointer.to(host), (long) host.length * Sizeof.FLOAT);
    }

    @Override
    public synchronized void download(float[] host, DeviceBuffer src, int n) {
        bind();
        cuMemcpyDtoH(Pointer.to(host), p(src), (long) n * Sizeof.FLOAT);
    }

    @Override
    public synchronized void copy(DeviceBuffer dst, int dstOffset, DeviceBuffer src, int srcOffset, int n) {
        bind();
        cuMemcpyDtoD(
                p(dst).withByteOffset((long) dstOffset * Sizeof.FLOAT),
                p(src).withByteOffset((long) srcOffset * Sizeof.FLOAT),
                (long) n * Sizeof.FLOAT);
    }

    @Override
    public synchronized void memset32(DeviceBuffer dst, int bits, int n) {
        bind();
        cuMemsetD32(p(dst), bits, n);
    }

    @Override
    public synchronized void launch(CudaKernel kernel, int work, KernelArgs args) {
        if (work <= 0) return;
        bind();
        Object[] values = args.values;
        Pointer[] params = new Pointer[values.length];
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            switch (kernel.params.get(i).kind) {
                case PTR:
                    params[i] = Pointer.to(p((DeviceBuffer) v));
                    break;
                case INT:
                    params[i] = Pointer.to(new int[] {(Integer) v});
                    break;
                case FLOAT:
                    params[i] = Pointer.to(new float[] {(Float) v});
                    break;
                default:
                    params[i] = Pointer.to((int[]) v);
                    break; // DIMS, STRIDES: the struct's ints
            }
        }
        int block = kernel.blockPerItem() ? CudaKernel.SUM_BLOCK : CudaKernel.BLOCK;
        int grid = kernel.blockPerItem() ? work : (work + block - 1) / block;
        cuLaunchKernel(
                functions[kernel.ordinal()],
                Math.min(grid, CudaKernel.MAX_GRID),
                1,
                1,
                block,
                1,
                1,
                0,
                null,
                Pointer.to(params),
                null);
    }

    @Override
    public synchronized void sgemm(
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
        bind();
        JCublas2.cublasSgemm(
                cublas,
                transA ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                transB ? cublasOperation.CUBLAS_OP_T : cublasOperation.CUBLAS_OP_N,
                m,
                n,
                k,
                Pointer.to(new float[] {alpha}),
                p(a),
                lda,
                p(b),
                ldb,
                Pointer.to(new float[] {beta}),
                p(c),
                ldc);
    }

    @Override
    public synchronized void synchronize() {
        bind();
        cuCtxSynchronize();
    }

    /** Timing events recorded since the last {@link #eventTimes}, on the legacy default stream. */
    private final java.util.List<CUevent> events = new java.util.ArrayList<>();

    @Override
    public synchronized int recordEvent() {
        bind();
        CUevent e = new CUevent();
        cuEventCreate(e, CUevent_flags.CU_EVENT_DEFAULT);
        cuEventRecord(e, null);
        events.add(e);
        return events.size() - 1;
    }

    @Override
    public synchronized long[] eventTimes() {
        bind();
        long[] ns = new long[events.size()];
        if (!events.isEmpty()) {
            cuEventSynchronize(events.get(events.size() - 1));
            float[] ms = new float[1];
            for (int i = 0; i < ns.length; i++) {
                cuEventElapsedTime(ms, events.get(0), events.get(i));
                ns[i] = Math.round(ms[0] * 1e6);
            }
            for (CUevent e : events) cuEventDestroy(e);
            events.clear();
        }
        return ns;
    }

    @Override
    public synchronized void close() {
        bind();
        JCublas2.cublasDestroy(cublas);
        cuModuleUnload(module);
        cuDevicePrimaryCtxRelease(device);
    }
}
