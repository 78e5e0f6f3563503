package org.fatecg.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import org.fatecg.attack.AttackSettings;
import org.fatecg.attack.Bim;
import org.fatecg.attack.CwL2;
import org.fatecg.attack.Fgsm;
import org.fatecg.attack.Pgd;
import org.fatecg.attack.PgdFreeze;
import org.fatecg.attack.Spsa;
import org.fatecg.fl.AggregationRule;
import org.fatecg.fl.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** One set of attack option names across run, attack and eval; the older names and config keys still read. */
class AttackOptionsTest {
    private static Object parse(String... args) {
        CommandLine cl = Main.commandLine();
        cl.parseArgs(args);
        return cl.getSubcommands().get(args[0]).getCommand();
    }

    private static AttackSettings evalSettings(String... extra) {
        String[] args = new String[extra.length + 5];
        System.arraycopy(new String[] {"eval", "--model", "m.safetensors", "--out", "o"}, 0, args, 0, 5);
        System.arraycopy(extra, 0, args, 5, extra.length);
        EvalCommand e = (EvalCommand) parse(args);
        return e.options.apply(e.generic.settings());
    }

    @Test
    void everyAttackOptionHasTheSameNameInRunAttackAndEval() {
        CommandLine cl = Main.commandLine();
        int n = 0;
        for (Field f : AttackOptions.class.getDeclaredFields()) {
            CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
            if (o == null) continue;
            n++;
            for (String cmd : new String[] {"run", "attack", "eval"})
                assertNotNull(
                        cl.getSubcommands().get(cmd).getCommandSpec().findOption(o.names()[0]),
                        cmd + " lacks " + o.names()[0]);
        }
        assertEquals(19, n, "options of the six attacks: PGD 4, FGSM 1, CW 4, BIM 3, SPSA 4, K-PGD 3");
    }

    @Test
    void noOptionMeansThePublishedDefaults() {
        AttackSettings s = evalSettings();
        assertEquals(new Pgd.Settings(8f / 255, 1f / 255, 20, true), s.pgd());
        assertEquals(new Fgsm.Settings(8f / 255), s.fgsm());
        assertEquals(new CwL2.Settings(1f, 0f, 50, 0.01f), s.cw());
        assertEquals(new Bim.Settings(8f / 255, 2f / 255, 10), s.bim());
        assertEquals(new Spsa.Settings(8f / 255, 100, 2048, 0.01f, 0.01f, 1024), s.spsa());
        assertEquals(new PgdFreeze.Settings(8f / 255, 0.01f, 20), s.pgdFreeze());
    }

    @Test
    void theOlderGenericNamesSetEveryAttackThatHasTheParameterAndPerAttackNamesWin() {
        AttackSettings s = evalSettings(
                "--eps",
                "0.1",
                "--alpha",
                "0.02",
                "--steps",
                "7",
                "--c",
                "2",
                "--kappa",
                "0.5",
                "--lr",
                "0.003",
                "--samples",
                "64",
                "--no-random-start",
                "--bim-eps",
                "4/255",
                "--cw-steps",
                "9");
        assertEquals(new Pgd.Settings(0.1f, 0.02f, 7, false), s.pgd());
        assertEquals(new Fgsm.Settings(0.1f), s.fgsm());
        assertEquals(new CwL2.Settings(2f, 0.5f, 9, 0.003f), s.cw(), "--cw-steps beats --steps");
        assertEquals(new Bim.Settings((float) (4.0 / 255), 0.02f, 7), s.bim(), "--bim-eps beats --eps");
        assertEquals(new Spsa.Settings(0.1f, 7, 64, 0.01f, 0.003f, 1024), s.spsa());
        assertEquals(new PgdFreeze.Settings(0.1f, 0.02f, 7), s.pgdFreeze());
        // the same per-attack names on attack
        AttackCommand a = (AttackCommand) parse(
                "attack",
                "--model",
                "m",
                "--attack",
                "pgd",
                "--out",
                "o",
                "--pgd-steps",
                "3",
                "--pgd-random-start=false");
        assertEquals(
                new Pgd.Settings(8f / 255, 1f / 255, 3, false),
                a.options.apply(a.generic.settings()).pgd());
    }

    @Test
    void unknownAttacksAreNamed() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> AttackOptions.condition("deepfool"));
        assertTrue(
                e.getMessage()
                        .contains("unknown attack 'deepfool'; known: clean, pgd, fgsm, cw, bim, spsa, pgd-freeze"),
                e.getMessage());
    }

    /** config.properties as fatecg run wrote it before the attack options were shared (quick preset, seed 0). */
    private static final String OLD_EFFECTIVE_CONFIG = String.join(
            "\n",
            "lead=1",
            "no-cache=false",
            "preset=quick",
            "seed=0",
            "device=auto",
            "split=paper",
            "train-fraction=0.8",
            "partition=iid",
            "clients=10",
            "alpha=0.5",
            "oversample=false",
            "federations=nonfat,fat",
            "rounds=10",
            "clients-per-round=2",
            "epochs=2",
            "batch-size=32",
            "shuffle=false",
            "lr=0.001",
            "train-beats-per-client=0",
            "strategy=fedavg",
            "trim-fraction=0.1",
            "byzantine=1",
            "train-pgd-eps=0.03137255",
            "train-pgd-alpha=0.011764706",
            "train-pgd-steps=3",
            "attacks=clean,pgd,fgsm,cw,bim",
            "eval-every=1",
            "test-beats=1000",
            "eval-batch-size=32",
            "pgd-eps=0.03137255",
            "pgd-alpha=0.003921569",
            "pgd-steps=20",
            "fgsm-eps=0.03137255",
            "cw-c=1.0",
            "cw-kappa=0.0",
            "cw-steps=50",
            "cw-lr=0.01",
            "bim-eps=0.03137255",
            "bim-alpha=0.007843138",
            "bim-steps=10",
            "");

    @Test
    void aConfigFileWrittenBeforeReadsToTheSameRun(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("old.properties");
        Files.writeString(f, OLD_EFFECTIVE_CONFIG);
        RunCommand old = (RunCommand) parse("run", "--config", f.toString());
        RunCommand quick = (RunCommand) parse("run", "--preset", "quick");
        RunConfig a = old.options.toRunConfig(Path.of("/d"), old.source.lead),
                b = quick.options.toRunConfig(Path.of("/d"), quick.source.lead);
        assertEquals(b, a);
        // and the values themselves, as the paper and the quick preset state them
        assertEquals(new Pgd.Settings(8f / 255, 3f / 255, 3, true), a.attacks().training());
        assertEquals(AttackSettings.paper(), a.attacks().tests());
        assertEquals(new AggregationRule.FedAvg(), a.federation().rule());
    }

    @Test
    void oldRunKeysStillSetTheirAttack(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mine.properties");
        Files.writeString(
                f,
                "pgd-eps=4/255\npgd-steps=7\nfgsm-eps=0.02\ncw-c=2\ncw-kappa=0.5\ncw-steps=9\ncw-lr=0.005\n"
                        + "bim-alpha=1/255\nbim-steps=4\ntrain-pgd-steps=5\nstrategy=trimmed-mean\ntrim-fraction=0.2\n");
        RunCommand c = (RunCommand) parse("run", "--config", f.toString());
        RunConfig r = c.options.toRunConfig(Path.of("/d"), c.source.lead);
        assertEquals(
                new Pgd.Settings((float) (4.0 / 255), (float) (1.0 / 255), 7, true),
                r.attacks().tests().pgd());
        assertEquals(new Fgsm.Settings(0.02f), r.attacks().tests().fgsm());
        assertEquals(new CwL2.Settings(2f, 0.5f, 9, 0.005f), r.attacks().tests().cw());
        assertEquals(
                new Bim.Settings((float) (8.0 / 255), (float) (1.0 / 255), 4),
                r.attacks().tests().bim());
        assertEquals(5, r.attacks().training().steps());
        assertEquals(new AggregationRule.TrimmedMean(0.2), r.federation().rule());
    }
}
