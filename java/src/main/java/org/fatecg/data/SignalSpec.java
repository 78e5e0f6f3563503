package org.fatecg.data;

/**
 * One signal line of a WFDB header, with WFDB's defaults already applied (a missing gain or a gain of 0
 * means 200 ADC units per mV; a missing baseline means the ADC zero; missing units mean mV; a missing
 * initial value means the ADC zero). Physical value = (adc - baseline) / gain, in {@code units}.
 *
 * @param fileName        the signal file that holds this signal (several signals may share one)
 * @param format          storage format code (only 212 is decoded by fatecg)
 * @param samplesPerFrame the "x" suffix of the format field (1 when absent)
 * @param skew            the ":" suffix of the format field (0 when absent)
 * @param byteOffset      the "+" suffix of the format field: bytes to skip at the start of the file
 * @param gain            ADC units per physical unit
 * @param baseline        the ADC value that corresponds to 0 physical units
 * @param units           physical units ("mV")
 * @param adcResolution   bits per sample (0 when absent)
 * @param adcZero         the ADC value in the middle of the converter's range
 * @param initialValue    the value of the first sample, as recorded by the writer
 * @param checksum        16-bit signed sum of all samples, or null when the header does not give one
 * @param blockSize       0 for ordinary files
 * @param description     the lead name ("MLII", "V1") or other label; "" when absent
 */
public record SignalSpec(
        String fileName,
        int format,
        int samplesPerFrame,
        int skew,
        long byteOffset,
        double gain,
        int baseline,
        String units,
        int adcResolution,
        int adcZero,
        int initialValue,
        Integer checksum,
        int blockSize,
        String description) {

    /** (adc - baseline) / gain, in double; callers round to float where they need float32. */
    public double toPhysical(int adc) {
        return (adc - baseline) / gain;
    }
}
