package org.fatecg.backend.cuda;

import java.util.function.Consumer;
import org.fatecg.backend.Backend;
import org.fatecg.backend.Storage;
import org.fatecg.backend.cpu.CpuBackend;

/**
 * One golden file: a backend call made on a CudaBackend over a {@link RecordingDevice} (which writes the
 * launches) and on a CpuBackend (whose outputs become the expectations), from the same inputs.
 */
final class GoldenCase {
    /** The same logical buffer on both backends. */
    static final class Twin {
        final Storage gpu;
        final Storage cpu;

        Twin(Storage gpu, Storage cpu) {
            this.gpu = gpu;
            this.cpu = cpu;
        }

        Storage of(Backend b) {
            return b instanceof CudaBackend ? gpu : cpu;
        }
    }

    final String label;
    final RecordingDevice device = new RecordingDevice();
    final CudaBackend gpu = new CudaBackend(device);
    final CpuBackend cpu = new CpuBackend(1);
    private int expectations;

    GoldenCase(String label) {
        this.label = label;
        device.out.append("fatecg-golden 1\ncase ").append(label).append('\n');
    }

    Twin upload(float[] values) {
        return new Twin(gpu.upload(values), cpu.upload(values));
    }

    /** An output buffer: garbage on the (replayed) device, whatever the CPU pool gives. */
    Twin alloc(int n) {
        return new Twin(gpu.allocate(n), cpu.allocate(n));
    }

    /** Runs the call on both backends, the recording one first. */
    void run(Consumer<Backend> call) {
        call.accept(gpu);
        call.accept(cpu);
    }

    /** The replayed device buffer must match the CPU backend's within atol + rtol * |ref|. */
    void expect(String name, Twin t, float atol, float rtol) {
        float[] ref = new float[t.cpu.size()];
        cpu.download(ref, t.cpu);
        StringBuilder out = device.out;
        out.append("expect ").append(RecordingDevice.id(((CudaStorage) t.gpu).buffer)).append(' ').append(name).append(' ')
                .append(ref.length).append(' ').append(RecordingDevice.hex(atol)).append(' ').append(RecordingDevice.hex(rtol));
        for (float v : ref) out.append(' ').append(RecordingDevice.hex(v));
        out.append('\n');
        expectations++;
    }

    void exact(String name, Twin t) {
        expect(name, t, 0f, 0f);
    }

    int expectations() {
        return expectations;
    }

    String text() {
        return device.out.toString();
    }
}
