package org.fatecg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where an option of {@code fatecg run} gets its value when the command line does not give it: first
 * the --config file (a Java properties file whose keys are the long option names without dashes, as
 * picocli's PropertiesDefaultProvider reads them), then the preset (resources
 * org/fatecg/cli/presets/NAME.properties, same format). picocli asks after it has parsed the command
 * line, so --config and --preset are known by then. With --resume DIR the config file is
 * DIR/config.properties, the effective configuration that run wrote.
 */
final class RunDefaults implements CommandLine.IDefaultValueProvider {
    static final List<String> PRESETS = List.of("quick", "paper");
    /** Options that are not knobs of the experiment: never read from a file or preset. */
    static final Set<String> NOT_KNOBS =
            Set.of("config", "resume", "out", "replace", "quiet", "profile-round", "help", "version");

    private RunCommand command;
    private Path loadedFrom;
    private Properties file;
    private final Set<String> fromFile = new LinkedHashSet<>();

    @Override
    public String defaultValue(ArgSpec arg) throws IOException {
        if (!(arg instanceof OptionSpec)) return null;
        // picocli makes this provider from @Command(defaultValueProvider); options of mixins report the
        // command itself as their owner, so the command's parsed --config/--preset/--resume are at hand.
        if (!(arg.command().userObject() instanceof RunCommand)) return null;
        command = (RunCommand) arg.command().userObject();
        String key = ((OptionSpec) arg).longestName().replaceFirst("^--", "");
        if (NOT_KNOBS.contains(key)) return null;
        Properties f = file(arg.command());
        if (f != null && f.containsKey(key)) {
            fromFile.add(key);
            return f.getProperty(key).trim();
        }
        if (key.equals("preset")) return "quick";
        try {
            return preset(presetName(f)).getProperty(key);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(arg.command().commandLine(), "--preset: " + e.getMessage());
        }
    }

    /** The --preset flag, else the file's preset key, else quick. */
    private String presetName(Properties f) {
        String p = command.options.preset;
        if (p == null && f != null) p = f.getProperty("preset");
        return p == null ? "quick" : p.trim();
    }

    /** The config file in effect, or null; "--config" was parsed before picocli asks for defaults. */
    Path configPath() {
        if (command.resume != null) return command.resume.resolve(RunCommand.CONFIG_FILE);
        return command.config;
    }

    /**
     * picocli's error for a value it could not convert ("Invalid value for option '--rounds': 'three' is
     * not an int"), with " (set as 'rounds' in FILE)" when that option's value came from the config file,
     * so the user knows which file to edit; any other message unchanged.
     */
    String withOrigin(CommandLine.ParameterException e) {
        String msg = e.getMessage();
        if (file == null || !(e.getArgSpec() instanceof OptionSpec o)) return msg;
        String key = o.longestName().replaceFirst("^--", "");
        String value = file.getProperty(key);
        if (!fromFile.contains(key) || value == null || !msg.contains("'" + value.trim() + "'")) return msg;
        return msg + " (set as '" + key + "' in " + loadedFrom + ")";
    }

    /** Keys that came from the config file (for error messages). */
    Set<String> fromFile() {
        return fromFile;
    }

    private Properties file(CommandSpec spec) throws IOException {
        Path p = configPath();
        if (p == null) return null;
        if (file != null && p.equals(loadedFrom)) return file;
        Properties props;
        try {
            props = readProperties(p);
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    (command.resume != null
                            ? "--resume " + command.resume + ": no " + RunCommand.CONFIG_FILE
                                    + " there (is it a run folder?)"
                            : "--config " + p + ": no such file"));
        } catch (CharacterCodingException e) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), p + ": not UTF-8 text (a config file holds key=value lines in UTF-8)");
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), Main.describe(e));
        }
        Set<String> known = new TreeSet<>();
        for (OptionSpec o : spec.options()) {
            String k = o.longestName().replaceFirst("^--", "");
            if (!NOT_KNOBS.contains(k)) known.add(k);
        }
        List<String> unknown = new ArrayList<>();
        for (String k : props.stringPropertyNames()) if (!known.contains(k)) unknown.add(k);
        if (!unknown.isEmpty())
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    p + ": unknown key" + (unknown.size() > 1 ? "s " : " ") + unknown
                            + "; the keys are the long options of `fatecg run --help` without dashes: " + known);
        file = props;
        loadedFrom = p;
        return props;
    }

    /** The largest config file read: 1 MiB (a run's config.properties is about 2 KB). */
    static final long MAX_CONFIG_BYTES = 1L << 20;

    /** A UTF-8 properties file; bytes that are not UTF-8 raise CharacterCodingException rather than turning into U+FFFD. */
    static Properties readProperties(Path p) throws IOException {
        long size = Files.size(p);
        if (size > MAX_CONFIG_BYTES)
            throw new IOException(p + ": size: expected at most " + MAX_CONFIG_BYTES
                    + " bytes for a config file, found " + size + " bytes; not read");
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            props.load(r);
        }
        return props;
    }

    static Properties preset(String name) {
        if (!PRESETS.contains(name))
            throw new IllegalArgumentException("unknown preset '" + name + "': expected one of " + PRESETS);
        return presetFile(name);
    }

    /** The resource org/fatecg/cli/presets/NAME.properties (also the presets of other commands, e.g. threats-quick). */
    static Properties presetFile(String name) {
        Properties p = new Properties();
        try (InputStream in =
                RunDefaults.class.getResourceAsStream("/org/fatecg/cli/presets/" + name + ".properties")) {
            if (in == null) throw new IllegalStateException("preset " + name + " is missing from the jar");
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read preset " + name + ": " + e.getMessage(), e);
        }
        return p;
    }
}
