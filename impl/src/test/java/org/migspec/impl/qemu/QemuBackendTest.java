package org.migspec.impl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.impl.common.Variant;
import org.migspec.impl.scenario.Scenario;
import org.migspec.impl.scenario.ScenarioException;
import org.migspec.impl.scenario.ScenarioRunner;

/** What QEMU cannot do is refused before anything starts; a QEMU that does not start is one line, not a hang. */
class QemuBackendTest {
    @TempDir
    Path dir;

    private QemuBinary fake(String startBody) throws Exception {
        Path f = dir.resolve("qemu-system-x86_64");
        Files.writeString(f, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'QEMU emulator version 10.2.0'; exit 0; fi\n"
                + startBody + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return QemuBinary.resolve(f.toString(), "/bin/true", dir);
    }

    @Test
    void stepsQemuCannotDoAreNamedWithTheirReason() throws Exception {
        QemuBackend b = new QemuBackend(fake("exit 1"), true);
        ObjectMapper json = new ObjectMapper();
        assertTrue(b.cannot(json.readTree("{\"do\":\"release_stall\",\"side\":\"src\"}")).contains("stall points"));
        assertTrue(b.cannot(json.readTree("{\"do\":\"fault\",\"side\":\"dst\",\"fault\":\"dst-crash\",\"at\":\"x\"}"))
                .contains("no fault point at a trace event"));
        assertTrue(b.cannot(json.readTree("{\"do\":\"qmp\",\"side\":\"src\",\"command\":\"x-inject-fault\"}"))
                .contains("QEMU has no x-inject-fault"));
        assertTrue(b.cannot(json.readTree("{\"do\":\"fault\",\"side\":\"src\",\"fault\":\"device-load-failure\"}"))
                .contains("destination's"));
        assertNull(b.cannot(json.readTree("{\"do\":\"fault\",\"side\":\"src\",\"fault\":\"partition\"}")));
        Scenario stalls = Scenario.load(Path.of("scenarios", "cancel-setup.json"));
        List<String> why = ScenarioRunner.unsupportedSteps(stalls, b);
        assertTrue(!why.isEmpty() && why.get(0).startsWith("step 2 (fault)"), why.toString());
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> new ScenarioRunner(Path.of("scenarios", "cancel-setup.json"), Variant.V4, dir.resolve("r"), b).run());
        assertTrue(e.getMessage().contains("cannot run step 2 (fault)"), e.getMessage());
    }

    @Test
    void aQemuThatDoesNotStartIsOneLine() throws Exception {
        QemuBackend b = new QemuBackend(fake("echo 'qemu-system-x86_64: -machine q35: unsupported machine type' >&2; exit 1"), true);
        long t0 = System.nanoTime();
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> new ScenarioRunner(Path.of("scenarios", "precopy-success.json"), Variant.V4, dir.resolve("r"), b).run());
        assertTrue(e.getMessage().contains("QEMU (src) exited 1 at start") && e.getMessage().contains("unsupported machine"),
                e.getMessage());
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L, "bounded");
    }

    @Test
    void aQemuThatNeverOpensItsMonitorIsEndedInBoundedTime() throws Exception {
        QemuBackend b = new QemuBackend(fake("exec sleep 120"), true);
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> new ScenarioRunner(Path.of("scenarios", "precopy-success.json"), Variant.V4, dir.resolve("r"), b).run());
        assertTrue(e.getMessage().contains("opened no QMP socket within 15 s"), e.getMessage());
    }

    @Test
    void qemuOnlyScenariosAreRefusedByTheImplementation() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> new ScenarioRunner(Path.of("scenarios", "precopy-partition-cancel.json"), Variant.V4, dir.resolve("i")).run());
        assertEquals("precopy-partition-cancel is a scenario for [qemu] only, not impl", e.getMessage());
    }
}
