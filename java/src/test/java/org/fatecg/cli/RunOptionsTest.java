package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.fatecg.attack.Condition;
import org.fatecg.data.SplitConfig;
import org.fatecg.fl.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Where fatecg run's settings come from: flags over --config over preset; errors name file, key and value. */
class RunOptionsTest {
    static RunCommand parse(String... args) {
        CommandLine cl = Main.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "run";
        System.arraycopy(args, 0, all, 1, args.length);
        cl.parseArgs(all);
        return (RunCommand) cl.getSubcommands().get("run").getCommand();
    }

    static RunConfig config(String... args) {
        RunCommand c = parse(args);
        return c.options.toRunConfig(Path.of("/data"), c.source.lead);
    }

    @Test
    void presetsSetEveryKnob() {
        for (String preset : RunDefaults.PRESETS) {
            Properties p = RunDefaults.preset(preset);
            RunCommand c = parse("--preset", preset);
            for (OptionSpec o : c.spec.options()) {
                String key = o.longestName().replaceFirst("^--", "");
                if (RunDefaults.NOT_KNOBS.contains(key)
                        || List.of("threads", "records", "data", "cache-dir", "no-cache", "preset", "participants")
                                .contains(key)) continue;
                assertTrue(p.containsKey(key), preset + " preset lacks '" + key + "'");
                assertNotNull(o.getValue(), preset + ": " + key);
            }
            for (String key : p.stringPropertyNames())
                assertNotNull(c.spec.findOption(key), preset + " preset has unknown key " + key);
        }
    }

    @Test
    void paperPresetIsTheProtocol() {
        RunConfig c = config("--preset", "paper");
        assertEquals(10, c.federation().rounds());
        assertEquals(5, c.federation().clientsPerRound());
        assertEquals(10, c.split().clients());
        assertEquals(SplitConfig.SplitKind.PAPER, c.split().split());
        assertEquals(SplitConfig.PartitionKind.IID, c.split().partition());
        assertEquals(0.8, c.split().trainFraction());
        assertEquals(5, c.federation().fit().epochs());
        assertEquals(32, c.federation().fit().batchSize());
        assertEquals(false, c.federation().fit().shuffle());
        assertEquals(1e-3f, c.federation().fit().lr());
        assertEquals(0, c.federation().fit().maxExamples());
        assertEquals(0, c.eval().testBeats());
        assertEquals(Condition.PAPER, c.eval().conditions());
        assertEquals(RunConfig.Attacks.paper(), c.attacks());
        assertEquals("1", c.data().lead());
        assertEquals(List.of("nonfat", "fat"), c.federation().runs());
    }

    @Test
    void flagsOverrideTheFileWhichOverridesThePreset(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("my.properties");
        Files.writeString(f, "# a comment\npreset=paper\nrounds=7\nseed=42\npgd-eps=4/255\n");
        RunConfig c = config("--config", f.toString(), "--rounds", "3");
        assertEquals(3, c.federation().rounds(), "flag beats file");
        assertEquals(42, c.seed(), "file beats preset");
        assertEquals(5, c.federation().fit().epochs(), "the file's preset (paper) fills the rest");
        assertEquals((float) (4.0 / 255), c.attacks().tests().pgd().eps());
        assertEquals("quick", config().preset(), "quick is the default preset");
        assertEquals(2, config("--preset", "quick").federation().clientsPerRound());
    }

    @Test
    void badConfigFilesAreNamedWithKeyAndValue(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "roundz=3\n");
        CommandLine.ParameterException e =
                assertThrows(CommandLine.ParameterException.class, () -> parse("--config", f.toString()));
        assertTrue(e.getMessage().contains("bad.properties") && e.getMessage().contains("roundz"), e.getMessage());

        Files.writeString(f, "rounds=three\n");
        e = assertThrows(CommandLine.ParameterException.class, () -> parse("--config", f.toString()));
        assertTrue(e.getMessage().contains("--rounds") && e.getMessage().contains("three"), e.getMessage());

        Files.writeString(f, "clients-per-round=20\n");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        assertEquals(
                1,
                cl.execute(
                        "run",
                        "--config",
                        f.toString(),
                        "--data",
                        dir.resolve("no-data").toString()),
                "fails before reading data");
        assertTrue(
                err.toString()
                        .contains("--clients-per-round 20 is more than --clients 10 (set as 'clients-per-round' in " + f
                                + ")"),
                err.toString());

        e = assertThrows(
                CommandLine.ParameterException.class,
                () -> parse("--config", dir.resolve("missing.properties").toString()));
        assertTrue(
                e.getMessage().contains("missing.properties") && e.getMessage().contains("no such file"),
                e.getMessage());
        e = assertThrows(CommandLine.ParameterException.class, () -> parse("--preset", "fast"));
        assertTrue(e.getMessage().contains("unknown preset 'fast'"), e.getMessage());
        e = assertThrows(CommandLine.ParameterException.class, () -> parse("--pgd-eps", "eight"));
        assertTrue(
                e.getMessage()
                        .contains(
                                "'eight' is not a budget: a number, a ratio such as 8/255, millivolts such as 0.035mV or an SNR such as 27dB"),
                e.getMessage());
        IllegalArgumentException a =
                assertThrows(IllegalArgumentException.class, () -> config("--attacks", "clean,deepfool"));
        assertTrue(a.getMessage().contains("--attacks") && a.getMessage().contains("deepfool"), a.getMessage());
        a = assertThrows(
                IllegalArgumentException.class,
                () -> config("--strategy", "krum", "--byzantine", "1", "--clients-per-round", "4"));
        assertTrue(
                a.getMessage().contains("--clients-per-round 4 is too few for Krum(f=1), which needs at least 5"),
                a.getMessage());
    }

    @Test
    void effectiveConfigReadsBackToTheSameValues(@TempDir Path dir) throws IOException {
        RunCommand c = parse(
                "--preset", "paper", "--seed", "9", "--lr", "0.0007", "--records", "100,101", "--pgd-alpha", "3/255");
        Path f = dir.resolve(RunCommand.CONFIG_FILE);
        EffectiveConfig.write(f, c.spec, Path.of("/some/mitdb"), Instant.EPOCH);
        RunCommand back = parse("--config", f.toString());
        RunConfig a = c.options.toRunConfig(Path.of("/some/mitdb"), c.source.lead);
        RunConfig b = back.options.toRunConfig(back.source.data, back.source.lead);
        assertEquals(a, b);
        assertEquals(List.of("100", "101"), b.data().records());
        assertEquals(Path.of("/some/mitdb"), back.source.data);
    }

    @Test
    void resumeRefusesSettingsThatWouldChangeTheRun(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(RunCommand.CONFIG_FILE), "preset=quick\nrounds=2\n");
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute("run", "--resume", dir.toString(), "--rounds", "4");
        assertEquals(1, rc);
        assertTrue(err.toString().contains("--rounds") && err.toString().contains("cannot change"), err.toString());
        assertEquals(2, parse("--resume", dir.toString()).options.rounds, "resume reads DIR/config.properties");
    }
}
