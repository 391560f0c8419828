package org.migspec.impl.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.impl.scenario.ScenarioException;

/** The version table, and the one-line refusals: not QEMU, not there, a chroot that is not ready. */
class QemuBinaryTest {
    @TempDir
    Path dir;

    @Test
    void versionToVariant() {
        assertNull(QemuBinary.variantFor(7, 1), "before 7.2: the spec has no model");
        assertEquals("legacy", QemuBinary.variantFor(7, 2));
        assertEquals("legacy", QemuBinary.variantFor(10, 1));
        assertEquals("v4", QemuBinary.variantFor(10, 2));
        assertEquals("v11", QemuBinary.variantFor(11, 0));
        assertEquals("v11", QemuBinary.variantFor(11, 1));
        assertNull(QemuBinary.variantFor(12, 0), "a QEMU newer than the spec: refused unless --variant");
    }

    @Test
    void aBinaryThatIsNotQemuIsRefused() throws Exception {
        Path fake = script("echo 'Python 3.11.7'");
        ScenarioException e = assertThrows(ScenarioException.class, () -> QemuBinary.resolve(fake.toString(), null, dir));
        assertTrue(e.getMessage().contains("is not QEMU") && e.getMessage().contains("Python 3.11.7"), e.getMessage());
    }

    @Test
    void aBinaryThatFailsIsRefused() throws Exception {
        Path fake = script("echo boom >&2; exit 3");
        ScenarioException e = assertThrows(ScenarioException.class, () -> QemuBinary.resolve(fake.toString(), null, dir));
        assertTrue(e.getMessage().contains("exited 3"), e.getMessage());
    }

    @Test
    void aBinaryThatHangsIsRefusedInBoundedTime() throws Exception {
        Path fake = script("sleep 60");
        long t0 = System.nanoTime();
        ScenarioException e = assertThrows(ScenarioException.class, () -> QemuBinary.resolve(fake.toString(), null, dir));
        assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 20_000_000_000L);
    }

    @Test
    void aFakeQemuIsReadForItsVersion() throws Exception {
        Path fake = script("echo 'QEMU emulator version 11.1.3 (Debian 1:11.1.3+ds-1)'");
        QemuBinary b = QemuBinary.resolve(fake.toString(), null, dir);
        assertEquals("11.1.3", b.version());
        assertEquals("v11", b.variant());
    }

    @Test
    void missingThingsAreNamed() {
        ScenarioException e = assertThrows(ScenarioException.class,
                () -> QemuBinary.resolve(dir.resolve("nope").toString(), null, dir));
        assertTrue(e.getMessage().contains("not an executable file"), e.getMessage());
        ScenarioException c = assertThrows(ScenarioException.class, () -> QemuBinary.resolve("11.1", null, dir));
        assertTrue(c.getMessage().contains("chroot is missing") && c.getMessage().contains("make qemu-sid"), c.getMessage());
    }

    private Path script(String body) throws Exception {
        Path f = dir.resolve("qemu-" + System.nanoTime());
        Files.writeString(f, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return f;
    }
}
