package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.fatecg.data.Aami;
import org.fatecg.data.BeatDataset;
import org.fatecg.data.ClientSplit;
import org.fatecg.data.Lead;
import org.fatecg.data.MitBih;
import org.fatecg.data.SplitConfig;
import org.fatecg.data.WindowSettings;
import org.fatecg.nn.Safetensors;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The beats an attack or an evaluation runs on: windows x (n * length, row-major, values in [0, 1]),
 * AAMI labels y (0..4 = N S V F Q) and where they came from. Either the test side of a MIT-BIH split
 * (through org.fatecg.data, as training sees it) or a safetensors file holding {@code input.x} (n, 1, L)
 * and {@code input.y} (n, I64 or F32): the golden file's layout, and what {@code fatecg attack} writes.
 */
record TestBeats(float[] x, int[] y, int length, String origin) {
    /** The class names in index order, for reports. */
    static final String[] CLASS_NAMES =
            Arrays.stream(Aami.values()).map(Enum::name).toArray(String[]::new);

    int size() {
        return y.length;
    }

    /** The first limit beats (all when limit <= 0). */
    TestBeats first(int limit) {
        if (limit <= 0 || limit >= y.length) return this;
        return new TestBeats(
                Arrays.copyOf(x, limit * length), Arrays.copyOf(y, limit), length, origin + ", first " + limit);
    }

    /** The options that choose the beats, shared by {@code attack} and {@code eval}. */
    static final class Options {
        @Mixin
        DataCommand.Source source;

        @Option(
                names = "--beats",
                paramLabel = "FILE",
                description = "Beats from a .safetensors file (input.x, input.y) instead of MIT-BIH.")
        Path beats;

        @Option(
                names = "--split",
                defaultValue = "paper",
                description = "Test side of: paper | interpatient | stratified (default: ${DEFAULT-VALUE}).")
        SplitConfig.SplitKind split;

        @Option(
                names = "--split-seed",
                defaultValue = "0",
                paramLabel = "SEED",
                description = "Seed of the split (default: ${DEFAULT-VALUE}).")
        long splitSeed;

        @Option(
                names = "--limit",
                defaultValue = "0",
                paramLabel = "N",
                description = "Use only the first N beats (0: all).")
        int limit;

        /** The beats of --beats FILE, or windows of --lead (default 1) from MIT-BIH. */
        TestBeats load(PrintWriter err) throws IOException {
            return beats != null ? fromFile(beats).first(limit) : mitBih(err, source.settings());
        }

        /**
         * The beats to run the models on ({@link ModelFiles#beatsOf}, all of which must agree): --beats FILE
         * when given, else MIT-BIH beats as the models were trained on (a file without a record: windows,
         * --lead or lead 1). An explicit --lead that contradicts a record, or beats of another length than a
         * model takes, is an error naming the file, the field and both values, never a silent wrong result.
         */
        TestBeats loadFor(CommandSpec spec, List<ModelFiles.BeatsOf> models) throws IOException {
            PrintWriter err = spec.commandLine().getErr();
            if (beats != null) {
                TestBeats b = fromFile(beats);
                for (ModelFiles.BeatsOf m : models) {
                    int want = m.recorded() != null ? m.recorded().length() : m.inputLength();
                    if (want > 0 && b.length() != want)
                        throw new IllegalArgumentException("--beats " + beats + ": input.x holds " + b.length()
                                + "-sample beats, but " + m.file() + " takes " + want + "-sample beats"
                                + (m.recorded() != null
                                        ? " (metadata field '" + WindowSettings.BEATS_FIELD + "' = '"
                                                + m.recorded().key() + "')"
                                        : ""));
                }
                return b.first(limit);
            }
            ModelFiles.BeatsOf first = models.get(0);
            WindowSettings ws = first.mitBih();
            for (ModelFiles.BeatsOf m : models)
                if (!m.mitBih().equals(ws))
                    throw new IllegalArgumentException("--model: " + first.file() + " takes " + ws.key() + " beats, "
                            + m.file() + " takes " + m.mitBih().key() + "; run them apart");
            if (spec.commandLine().getParseResult().hasMatchedOption("--lead")) {
                Lead given = Lead.parse(source.lead);
                for (ModelFiles.BeatsOf m : models)
                    if (m.recorded() != null && !given.equals(m.recorded().lead()))
                        throw new IllegalArgumentException("--lead " + given.spec() + " contradicts " + m.file()
                                + ": its metadata field '" + WindowSettings.BEATS_FIELD + "' = '"
                                + m.recorded().key() + "' says it was trained on lead "
                                + m.recorded().lead().spec() + " (leave --lead out to use it)");
                ws = ws.withLead(given);
            }
            return mitBih(err, ws);
        }

        private TestBeats mitBih(PrintWriter err, WindowSettings ws) throws IOException {
            Path dir = source.dataDir(err, MitBih.RECORDS);
            BeatDataset ds = MitBih.load(dir, ws, source.windowCache(), notice -> err.println("note: " + notice));
            SplitConfig cfg = SplitConfig.paper(splitSeed).withSplit(split).withClients(1);
            BeatDataset test = ds.subset(ClientSplit.of(ds, cfg).split().test());
            String origin = "MIT-BIH " + dir + ", " + ws.format().cliName() + " beats of " + ws.length()
                    + " samples, lead " + ws.lead().spec() + ", " + split.name().toLowerCase() + " split seed "
                    + splitSeed + ", test side (" + test.size() + " beats)";
            return new TestBeats(test.windows(), test.labels(), test.windowLength(), origin).first(limit);
        }
    }

    static TestBeats fromFile(Path file) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Safetensors.Entry ex = c.tensors.get("input.x"), ey = c.tensors.get("input.y");
        if (ex == null
                || ey == null
                || ex.floats == null
                || ex.shape.length != 3
                || ey.shape.length != 1
                || ey.shape[0] != ex.shape[0])
            throw new IOException(file + ": needs input.x (n, 1, L) F32 and input.y (n)");
        int n = ex.shape[0];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = ey.longs != null ? (int) ey.longs[i] : (int) ey.floats[i];
            if (y[i] < 0 || y[i] >= Aami.COUNT)
                throw new IOException(file + ": label " + y[i] + " of beat " + i + " is not in 0.." + (Aami.COUNT - 1));
        }
        return new TestBeats(ex.floats, y, ex.shape[1] * ex.shape[2], file.toString());
    }
}
