package org.fatecg.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of another JVM running this fatecg (same java, same class path, same JVM options such
 * as -Xmx and --add-modules=jdk.incubator.vector) with the given fatecg arguments. Agents and debugger
 * options are left out: a second JVM would fight the first for a debugger port or a coverage file.
 */
final class ChildJvm {
    private ChildJvm() {}

    static List<String> command(List<String> fatecgArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments())
            if (!(a.startsWith("-javaagent")
                    || a.startsWith("-agentlib")
                    || a.startsWith("-agentpath")
                    || a.startsWith("-Xdebug")
                    || a.startsWith("-Xrunjdwp"))) cmd.add(a);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(fatecgArgs);
        return cmd;
    }
}
