package org.migspec.checker.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The destination's -S, read from the harness's cmdlines.txt, is the management set-up. */
class HarnessCommandLinesTest {

    @TempDir
    Path dir;

    private Boolean read(String text) throws Exception {
        Files.writeString(dir.resolve(HarnessCommandLines.FILE), text);
        return HarnessCommandLines.destinationStartedStopped(dir);
    }

    @Test
    void destinationWithDashS() throws Exception {
        assertEquals(Boolean.TRUE, read("# QEMU emulator version 11.1.3\n# src\nqemu -name src -S\n"
                + "# dst\nqemu -name dst -incoming defer -S\n"));
    }

    @Test
    void onlyTheSourceWithDashSIsNotManagement() throws Exception {
        assertEquals(Boolean.FALSE, read("# src\nqemu -name src -S\n# dst\nqemu -name dst -incoming defer\n"));
    }

    @Test
    void anArgumentThatMerelyContainsSIsNotDashS() throws Exception {
        assertEquals(Boolean.FALSE, read("# src\nqemu\n# dst\nqemu -name dst,-S -incoming defer -Sx\n"));
    }

    @Test
    void noFileOrNoDestinationLineSaysNothing() throws Exception {
        assertNull(HarnessCommandLines.destinationStartedStopped(dir));
        assertNull(read("# src\nqemu -name src\n"));
    }
}
