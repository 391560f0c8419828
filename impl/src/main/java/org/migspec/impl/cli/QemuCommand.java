package org.migspec.impl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.migspec.impl.common.Variant;
import org.migspec.impl.qemu.QemuBackend;
import org.migspec.impl.qemu.QemuBinary;
import org.migspec.impl.scenario.Scenario;
import org.migspec.impl.scenario.ScenarioException;
import org.migspec.impl.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code migspec qemu SCENARIO... --qemu 7.2|11.1|PATH --out DIR}: the scenarios on two real QEMU
 * processes, one run folder each under DIR ({@code DIR/<scenario>/}), and {@code DIR/runs.json}
 * listing what ran and what could not. The variant is the one the spec has for the QEMU's
 * version, unless {@code --variant} says otherwise. Checking the runs against the spec is the
 * trace checker's part ({@code ./migspec qemu} runs it afterwards).
 *
 * <p>Exit codes: 0 every scenario ran (expectations met or not: a departure is a finding for the
 * report), 2 bad input (a QEMU that is not there or not QEMU, a version the spec has no variant
 * for, a scenario that does not parse or has a step QEMU cannot do), 4 with
 * {@code --require-expectations}, a scenario whose expectation was not met. The smoke runs of
 * {@code make test} use it: there an unmet expectation means the run did not exercise what the
 * scenario is for (a migration that completed before its fault), which must not pass unnoticed.
 */
@Command(name = "qemu", description = "run scenarios on two real QEMU processes")
final class QemuCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "scenario JSON files")
    List<Path> scenarios;
    @Option(names = "--qemu", required = true, description = "7.2 (Debian bookworm), 11.1 (Debian unstable chroot) or a path to qemu-system-x86_64")
    String qemu;
    @Option(names = "--qemu-img", description = "qemu-img to make disk images with (default: the one beside --qemu)")
    String qemuImg;
    @Option(names = "--out", required = true, description = "output directory")
    Path out;
    @Option(names = "--variant", description = "the spec variant to expect (default: from the QEMU version)")
    String variant;
    @Option(names = "--single-log", description = "one trace log per side instead of one file per thread (-d tid)")
    boolean singleLog;
    @Option(names = "--applicable-only", description = "run only the scenarios QEMU can run; list the others in runs.json")
    boolean applicableOnly;
    @Option(names = "--require-expectations", description = "exit 4 if a scenario's expectation is not met")
    boolean requireExpectations;
    @Option(names = "--sid-root", description = "the Debian unstable chroot for --qemu 11.1 (default ${DEFAULT-VALUE})")
    Path sidRoot = QemuBinary.DEFAULT_SID_ROOT;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        QemuBinary bin;
        Variant v;
        try {
            bin = QemuBinary.resolve(qemu, qemuImg, sidRoot);
            v = Variant.parse(bin.variant(variant));
        } catch (ScenarioException | IllegalArgumentException e) {
            System.err.println("migspec qemu: " + e.getMessage());
            return 2;
        }
        Files.createDirectories(out);
        ObjectNode index = json.createObjectNode();
        index.put("qemu", bin.version());
        index.put("binary", bin.describe());
        index.put("variant", v.cliName());
        ArrayNode ran = index.putArray("runs");
        ArrayNode skipped = index.putArray("not_applicable");
        int rc = 0;
        List<String> unmet = new java.util.ArrayList<>();
        for (Path f : scenarios) {
            Scenario sc;
            try {
                sc = Scenario.load(f);
            } catch (ScenarioException e) {
                System.err.println("migspec qemu: " + e.getMessage());
                return 2;
            }
            QemuBackend backend = new QemuBackend(bin, !singleLog);
            List<String> cannot = ScenarioRunner.unsupportedSteps(sc, backend);
            String why = !sc.runsOn("qemu") ? "the scenario is for " + sc.backends() + " only"
                    : !cannot.isEmpty() ? cannot.get(0)
                    : !sc.variants().contains(v) ? "the scenario does not apply to variant " + v.cliName() : null;
            if (why != null) {
                if (!applicableOnly) {
                    System.err.println("migspec qemu: " + f + ": " + why);
                    return 2;
                }
                skipped.addObject().put("scenario", sc.name()).put("reason", why);
                System.out.println(sc.name() + ": not applicable to QEMU: " + why);
                continue;
            }
            Path dir = out.resolve(sc.name());
            int r = new ScenarioRunner(f, v, dir, backend).runAndReport();
            if (r == 2) {
                rc = 2;
            } else if (r == 1) {
                unmet.add(sc.name());
            }
            ran.addObject().put("scenario", sc.name()).put("dir", sc.name()).put("expectation_met", r == 0);
        }
        json.writeValue(out.resolve("runs.json").toFile(), index);
        if (rc == 0 && requireExpectations && !unmet.isEmpty()) {
            System.err.println("migspec qemu: expectation not met (--require-expectations): " + String.join(", ", unmet));
            return 4;
        }
        return rc;
    }
}
