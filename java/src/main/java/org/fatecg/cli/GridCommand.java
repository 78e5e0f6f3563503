package org.fatecg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.fatecg.backend.select.Backends;
import org.fatecg.fl.Checkpoint;
import org.fatecg.io.AtomicFiles;
import org.fatecg.report.GridReport;
import org.fatecg.report.RunResults;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fatecg grid --config GRID.properties}: every combination of the file's axes over its seeds
 * ({@link GridConfig}), each cell one {@code fatecg run} in-process, in its own run folder
 * (out/cells/NAME, settings in out/configs/NAME.properties), one after another; with --parallel N, N at a
 * time, each in a child JVM ({@link CellProcesses} says why not threads). A cell whose run.json
 * exists is finished and skipped; one with a checkpoint continues with {@code run --resume}; any other
 * starts afresh. So a killed grid, run again with the same command, picks up where it stopped, and the
 * result is the same as an uninterrupted grid's (each run resumes bit for bit). Then {@link GridReport}
 * writes out/report.md, the CSVs and the heatmaps.
 */
@Command(
        name = "grid",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpWidth = 110,
        description = {
            "Run a grid of fatecg run cells (axes over any run setting, times seeds) from a properties file, one after another"
                    + " (or --parallel N at a time),"
                    + " each resumable; finish with report.md: every cell's accuracy per condition as mean ± sd over seeds, Table 2"
                    + " beside the paper's, PNG heatmaps over two axes, links to each cell's run report.",
            "Run the same command again to resume an interrupted grid: finished cells are skipped, an interrupted one resumes."
        },
        footer = {
            "",
            "Examples:",
            "  ./fatecg grid --config examples/grid-quick.properties          report in runs/grid-grid-quick/",
            "  ./fatecg grid --config examples/grid-paper.properties --out runs/paper-seeds",
            "  ./fatecg grid --config examples/grid-quick.properties --parallel 2 --threads 2   two cells at a time, 1 thread each"
        })
public final class GridCommand implements Callable<Integer> {
    static final String GRID_FILE = "grid.properties";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            required = true,
            paramLabel = "GRID.properties",
            description = "The grid: seeds, axis.KEY = v1; v2, run.KEY = value, heatmap.rows/columns (see README).")
    Path config;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Grid folder (default: runs/grid-<config file name>); the same folder resumes.")
    Path out;

    @Option(names = "--data", paramLabel = "DIR", description = "MIT-BIH folder, passed to every cell.")
    Path data;

    @Option(names = "--threads", paramLabel = "N", description = "CPU threads of every cell.")
    Integer threads;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Cells at a time (default: ${DEFAULT-VALUE}, in this JVM, one after another). N > 1 runs each cell"
                            + " as a child JVM with --threads / N threads and its output in OUT/logs/CELL.log.")
    int parallel;

    @Option(names = "--dry-run", description = "List the cells and their state, check their settings, run nothing.")
    boolean dryRun;

    /** Where a cell stands. */
    enum State {
        DONE,
        RESUME,
        START
    }

    @Override
    public Integer call() throws IOException {
        long wall = System.nanoTime();
        if (parallel < 1) throw new IllegalArgumentException("--parallel must be >= 1, got " + parallel);
        if (threads != null && threads < 1)
            throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        PrintWriter w = spec.commandLine().getOut();
        GridConfig g = GridConfig.read(config, runKeys());
        List<GridConfig.Cell> cells = g.cells();
        Path dir = out != null
                ? out
                : Path.of("runs", "grid-" + config.getFileName().toString().replaceFirst("\\.properties$", ""));
        OutputFolder.create("--out", dir);
        try (RunFolder held = RunFolder.lock(dir)) {
            sameGrid(dir);
            Path configs = dir.resolve("configs"), cellsDir = dir.resolve("cells");
            Files.createDirectories(configs);
            Files.createDirectories(cellsDir);
            if (!dryRun)
                AtomicFiles.writeString(dir.resolve(GRID_FILE), Files.readString(config, StandardCharsets.UTF_8));
            for (GridConfig.Cell c : cells) { // every cell's settings checked before the first one runs
                Path f = configs.resolve(c.name() + ".properties");
                AtomicFiles.writeString(f, g.cellProperties(c));
                check(g, c, f);
            }
            w.printf(
                    Locale.ROOT,
                    "grid %s: %d cells (%s x seeds %s) in %s%n",
                    g.title,
                    cells.size(),
                    g.axes.isEmpty() ? "no axes" : describeAxes(g),
                    g.seeds,
                    dir);
            w.flush();
            List<GridConfig.Cell> pending = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) {
                GridConfig.Cell c = cells.get(i);
                State s = state(cellsDir.resolve(c.name()));
                if (dryRun) w.println(head(i, cells.size(), c) + ": " + s.name().toLowerCase(Locale.ROOT));
                else if (s == State.DONE) w.println(head(i, cells.size(), c) + ": finished before, skipped");
                else pending.add(c);
            }
            w.flush();
            if (dryRun) return 0;
            if (parallel == 1) {
                for (GridConfig.Cell c : pending) {
                    Path cd = cellsDir.resolve(c.name());
                    State s = state(cd);
                    String head = head(cells.indexOf(c), cells.size(), c);
                    w.println(head + starting(s));
                    w.flush();
                    long t0 = System.nanoTime();
                    int rc = runInProcess(cellArgs(s, cd, configs.resolve(c.name() + ".properties"), threads));
                    if (rc != 0)
                        throw new IllegalStateException("cell " + c.name() + " failed (exit " + rc + "); its folder: "
                                + cd + ". Run the grid again to resume it.");
                    w.println(done(head, t0));
                    w.flush();
                }
            } else
                new CellProcesses(w, cellsDir, dir.resolve("logs"), cells, parallel)
                        .run(
                                pending,
                                (c, s) -> cellArgs(
                                        s,
                                        cellsDir.resolve(c.name()),
                                        configs.resolve(c.name() + ".properties"),
                                        threadsPerCell()));
            List<GridReport.Cell> done = new ArrayList<>();
            for (GridConfig.Cell c : cells)
                done.add(new GridReport.Cell(
                        c.values(), c.seed(), "cells/" + c.name(), RunResults.lastRound(cellsDir.resolve(c.name()))));
            List<String> axes = new ArrayList<>();
            for (GridConfig.Axis a : g.axes) axes.add(a.key());
            String md = GridReport.write(
                    dir, new GridReport.Layout(g.title, axes, g.fixed, g.seeds, g.rows, g.columns), done);
            w.println();
            w.print(md);
            w.printf(
                    Locale.ROOT,
                    "%nreport: %s (%.1f min this session)%n",
                    dir.resolve("report.md"),
                    (System.nanoTime() - wall) / 60e9);
            return 0;
        }
    }

    /** Finished when run.json exists (written last by fatecg run); resumable with a checkpoint. */
    static State state(Path cell) {
        if (Files.isRegularFile(cell.resolve("run.json"))) return State.DONE;
        if (Checkpoint.exists(cell.resolve("checkpoint"))) return State.RESUME;
        return State.START;
    }

    static String head(int index, int count, GridConfig.Cell c) {
        return String.format(Locale.ROOT, "[%d/%d] %s", index + 1, count, c.name());
    }

    static String starting(State s) {
        return s == State.RESUME ? ": resuming from its checkpoint" : ": starting";
    }

    static String done(String head, long startNanos) {
        return String.format(Locale.ROOT, "%s: done in %.1f min", head, (System.nanoTime() - startNanos) / 60e9);
    }

    /** The fatecg arguments that run (or resume) one cell; threads null: the run's own default. */
    List<String> cellArgs(State s, Path cell, Path cellConfig, Integer cellThreads) {
        List<String> args = new ArrayList<>(List.of("run", "--quiet"));
        if (s == State.RESUME) args.addAll(List.of("--resume", cell.toString()));
        else {
            args.addAll(List.of("--config", cellConfig.toString(), "--out", cell.toString()));
            if (Files.exists(cell)) args.add("--replace"); // killed before its first checkpoint
            if (data != null) args.addAll(List.of("--data", data.toString()));
        }
        if (cellThreads != null) args.addAll(List.of("--threads", cellThreads.toString()));
        return args;
    }

    private int runInProcess(List<String> args) {
        CommandLine run = Main.commandLine();
        run.setOut(spec.commandLine().getOut());
        run.setErr(spec.commandLine().getErr());
        return run.execute(args.toArray(String[]::new));
    }

    /** --threads (default: all cores) shared out between the cells that run at once, at least one each. */
    private int threadsPerCell() {
        int total = threads != null ? threads : Backends.defaultThreads();
        return Math.max(1, total / parallel);
    }

    /**
     * Parses the cell's settings as fatecg run would and builds its configuration (no data read), so a
     * bad value stops the grid before any cell runs, naming the grid file, the key and the value.
     */
    private static void check(GridConfig g, GridConfig.Cell c, Path cellConfig) {
        CommandLine cl = Main.commandLine();
        try {
            cl.parseArgs("run", "--config", cellConfig.toString(), "--out", "unused");
            RunCommand rc = cl.getSubcommands().get("run").getCommand();
            rc.options.toRunConfig(Path.of("."), rc.source.lead);
            rc.options.architecture();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            String msg = e.getMessage();
            for (GridConfig.Axis a : g.axes)
                if (mentions(msg, a.key()))
                    throw GridConfig.error(
                            g.file, GridConfig.AXIS + a.key(), c.values().get(a.key()), msg);
            for (String k : g.fixed.keySet())
                if (mentions(msg, k)) throw GridConfig.error(g.file, GridConfig.RUN + k, g.fixed.get(k), msg);
            throw new IllegalArgumentException(g.file + ": cell " + c.name() + ": " + msg, e);
        }
    }

    private static boolean mentions(String msg, String key) {
        return msg != null && msg.matches("(?s).*--" + java.util.regex.Pattern.quote(key) + "(?![a-z-]).*");
    }

    /** A grid folder belongs to one grid file: resuming it with a different file would mix two grids. */
    private void sameGrid(Path dir) throws IOException {
        Path recorded = dir.resolve(GRID_FILE);
        if (!Files.exists(recorded)) {
            if (Files.isDirectory(dir.resolve("cells")))
                throw new IOException(dir + ": has cells/ but no " + GRID_FILE + "; not a grid folder of this file");
            return;
        }
        if (!load(recorded).equals(load(config)))
            throw new IOException(dir + " holds the grid of " + recorded + ", which differs from " + config
                    + "; give another --out, or copy " + recorded + " to resume it");
    }

    private static Properties load(Path f) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Properties trimmed = new Properties();
        for (String k : p.stringPropertyNames())
            trimmed.setProperty(k, p.getProperty(k).trim());
        return trimmed;
    }

    private static String describeAxes(GridConfig g) {
        List<String> parts = new ArrayList<>();
        for (GridConfig.Axis a : g.axes) parts.add(a.key() + " " + a.values());
        return String.join(" x ", parts);
    }

    /** The long option names of fatecg run, without dashes. */
    static Set<String> runKeys() {
        Set<String> keys = new TreeSet<>();
        for (OptionSpec o :
                Main.commandLine().getSubcommands().get("run").getCommandSpec().options())
            keys.add(o.longestName().replaceFirst("^--", ""));
        return keys;
    }
}
