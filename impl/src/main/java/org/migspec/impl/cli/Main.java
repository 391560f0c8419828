package org.migspec.impl.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.migspec.impl.common.Capabilities;
import org.migspec.impl.common.Variant;
import org.migspec.impl.scenario.ScenarioRunner;
import org.migspec.impl.vm.VmConfig;
import org.migspec.impl.vm.VmProcess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code migspec src|dst|run|qemu|campaign}: one process, a whole scenario with both, a scenario on real QEMU, or a randomized fault campaign. */
@Command(name = "migspec", mixinStandardHelpOptions = true,
        subcommands = {Main.Src.class, Main.Dst.class, Main.Run.class, QemuCommand.class, CampaignCommand.class},
        description = "MigSpec reference implementation of QEMU live migration")
public final class Main implements Callable<Integer> {

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            System.err.println("migspec: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        int rc = cl.execute(args);
        if (rc != 0 || !"src".equals(firstArg(args)) && !"dst".equals(firstArg(args))) {
            System.exit(rc);
        }
    }

    private static String firstArg(String[] a) {
        return a.length == 0 ? "" : a[0];
    }

    /** Options shared by src and dst. */
    abstract static class ProcessOptions implements Callable<Integer> {
        @Option(names = "--variant", defaultValue = "v4", description = "legacy, v1, v4, v11 or fix (default ${DEFAULT-VALUE})")
        String variant;
        @Option(names = "--qmp", description = "QMP unix socket path (default /tmp/migspec-<side>-<pid>.qmp)")
        Path qmp;
        @Option(names = "--trace", description = "NDJSON trace file (default: tracing off)")
        Path trace;
        @Option(names = "--image", defaultValue = "/tmp/migspec-image.img", description = "shared disk image (its lock is the block activation)")
        Path image;
        @Option(names = "--ram-pages", defaultValue = "16384", description = "guest RAM in pages (default ${DEFAULT-VALUE} = 64 MiB)")
        int pages;
        @Option(names = "--page-size", defaultValue = "4096")
        int pageSize;
        @Option(names = "--seed", defaultValue = "1")
        long seed;
        @Option(names = "--dirty-pages", defaultValue = "2048", description = "pages the workload writes to")
        int dirtyPages;
        @Option(names = "--dirty-rate", defaultValue = "20000", description = "guest writes per second (0 = idle guest)")
        long dirtyRate;
        @Option(names = "--cap", description = "capability preset, NAME=on|off (repeatable)")
        Map<String, String> caps = new LinkedHashMap<>();
        @Option(names = "--management", paramLabel = "on|off",
                description = "write \"management\": true|false into the trace header (a libvirt-like driver; "
                        + "the destination runs with -S and gets cont); default: the header does not say")
        String management;

        abstract String side();

        boolean autostart() {
            return true;
        }

        @Override
        public Integer call() throws Exception {
            Variant v = Variant.parse(variant);
            Map<String, Boolean> c = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : caps.entrySet()) {
                if (!Capabilities.known(e.getKey())) {
                    throw new IllegalArgumentException("unknown capability '" + e.getKey() + "'");
                }
                c.put(e.getKey(), "on".equals(e.getValue()) || "true".equals(e.getValue()));
            }
            Path q = qmp != null ? qmp : Path.of("/tmp/migspec-" + side() + "-" + ProcessHandle.current().pid() + ".qmp");
            Boolean mgmt = null;
            if (management != null) {
                if (!java.util.Set.of("on", "off", "true", "false").contains(management)) {
                    throw new IllegalArgumentException("--management: expected on or off, got '" + management + "'");
                }
                mgmt = "on".equals(management) || "true".equals(management);
            }
            VmProcess vm = new VmProcess(new VmConfig(v, side(), q, trace, image, pages, pageSize, seed, dirtyPages,
                    dirtyRate, autostart(), c, mgmt));
            System.out.println("QMP socket: " + q);
            System.out.println("pid: " + vm.pid());
            System.out.flush();
            Thread.currentThread().join();
            return 0;
        }
    }

    @Command(name = "src", description = "start a source process (VM running)")
    static final class Src extends ProcessOptions {
        @Override
        String side() {
            return "src";
        }
    }

    @Command(name = "dst", description = "start a destination process (-incoming defer)")
    static final class Dst extends ProcessOptions {
        @Option(names = "--autostart", description = "start the VM when migration ends (default: off, like -S)")
        boolean autostartOpt;

        @Override
        String side() {
            return "dst";
        }

        @Override
        boolean autostart() {
            return autostartOpt;
        }
    }

    @Command(name = "run", description = "run a scenario with both processes, driven like libvirt")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", description = "scenario JSON")
        Path scenario;
        @Option(names = "--variant", required = true)
        String variant;
        @Option(names = "--out", required = true, description = "output directory")
        Path out;
        @Option(names = "--no-trace", description = "run both processes with tracing off (no trace files; "
                + "faults and stalls fire at the same points)")
        boolean noTrace;

        @Override
        public Integer call() throws Exception {
            return new ScenarioRunner(scenario, Variant.parse(variant), out, !noTrace).runAndReport();
        }
    }
}
