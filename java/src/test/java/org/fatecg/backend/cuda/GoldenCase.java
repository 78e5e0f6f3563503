package org.fatecg.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.fatecg.backend.Backend;
import org.fatecg.backend.Storage;
import org.fatecg.backend.cpu.CpuBackend;

/**
 * One backend call (or a few) made on a candidate backend and on the reference CpuBackend from the same
 * inputs. Two modes share every case of {@link GoldenCases}:
 * <ul>
 *   <li>golden: the candidate is a CudaBackend over a {@link RecordingDevice}; {@link #expect} writes the
 *       reference output into the golden file that kernels/harness replays;</li>
 *   <li>parity: the candidate is a real backend (CUDA on a GPU machine); {@link #expect} downloads both
 *       and records every element outside atol + rtol * |ref| (NaN must meet NaN, infinities must be equal).</li>
 * </ul>
 */
final class GoldenCase {
    /** The same logical buffer on both backends. */
    final class Twin {
        final Storage candidate;
        final Storage reference;

        Twin(Storage candidate, Storage reference) {
            this.candidate = candidate;
            this.reference = reference;
        }

        Storage of(Backend b) {
            return b == GoldenCase.this.candidate ? candidate : reference;
        }
    }

    final String label;
    final Backend candidate;
    final CpuBackend reference = new CpuBackend(1);
    /** Non-null in golden mode. */
    final RecordingDevice device;

    final List<String> failures = new ArrayList<>();
    private int expectations;

    /** Golden mode. */
    GoldenCase(String label) {
        this.label = label;
        this.device = new RecordingDevice();
        this.candidate = new CudaBackend(device);
        device.out.append("fatecg-golden 1\ncase ").append(label).append('\n');
    }

    /** Parity mode against the given backend. */
    GoldenCase(String label, Backend candidate) {
        this.label = label;
        this.device = null;
        this.candidate = candidate;
    }

    Twin upload(float[] values) {
        return new Twin(candidate.upload(values), reference.upload(values));
    }

    /** An output buffer: garbage on the device (NaN in the replay), whatever the CPU pool gives. */
    Twin alloc(int n) {
        return new Twin(candidate.allocate(n), reference.allocate(n));
    }

    /** Runs the call on both backends, the candidate first. */
    void run(Consumer<Backend> call) {
        call.accept(candidate);
        call.accept(reference);
    }

    /** The candidate's buffer must match the reference's within atol + rtol * |ref|. */
    void expect(String name, Twin t, float atol, float rtol) {
        float[] ref = new float[t.reference.size()];
        reference.download(ref, t.reference);
        expectations++;
        if (device != null) {
            StringBuilder out = device.out;
            out.append("expect ")
                    .append(RecordingDevice.id(((CudaStorage) t.candidate).buffer))
                    .append(' ')
                    .append(name)
                    .append(' ')
                    .append(ref.length)
                    .append(' ')
                    .append(RecordingDevice.hex(atol))
                    .append(' ')
                    .append(RecordingDevice.hex(rtol));
            for (float v : ref) out.append(' ').append(RecordingDevice.hex(v));
            out.append('\n');
            return;
        }
        float[] got = new float[t.candidate.size()];
        candidate.download(got, t.candidate);
        int bad = 0;
        for (int i = 0; i < ref.length; i++) {
            if (!close(got[i], ref[i], atol, rtol) && bad++ < 3)
                failures.add(label + " " + name + "[" + i + "]: got " + got[i] + ", CPU " + ref[i] + " (atol " + atol
                        + ", rtol " + rtol + ")");
        }
        if (bad > 3) failures.add(label + " " + name + ": " + bad + " of " + ref.length + " outside tolerance");
    }

    static boolean close(float got, float ref, float atol, float rtol) {
        if (Float.isNaN(ref)) return Float.isNaN(got);
        if (Float.isInfinite(ref)) return got == ref;
        if (!Float.isFinite(got)) return false;
        return Math.abs((double) got - ref) <= atol + rtol * Math.abs((double) ref);
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
