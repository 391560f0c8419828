package org.migspec.checker.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code cmdlines.txt}, the exact command lines the real-QEMU harness started (impl's QemuBackend):
 * {@code # src}, its command line, {@code # dst}, its command line.  The destination's {@code -S}
 * is the management (libvirt) set-up itself, so it decides the spec's {@code Management} where a
 * log alone cannot: a destination killed before libvirt's {@code cont} logs no {@code cont}, yet
 * it ran stopped, and its end-of-load runstate is {@code paused}, not {@code running}.
 */
final class HarnessCommandLines {
    static final String FILE = "cmdlines.txt";

    private HarnessCommandLines() {
    }

    /** TRUE / FALSE when {@code dir/cmdlines.txt} has the destination's command line, else null. */
    static Boolean destinationStartedStopped(Path dir) {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) return null;
        List<String> lines;
        try {
            lines = Files.readAllLines(f);
        } catch (IOException e) {
            return null;
        }
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).strip().equals("# dst")) {
                for (String arg : lines.get(i + 1).strip().split("\\s+")) if (arg.equals("-S")) return true;
                return false;
            }
        }
        return null;
    }
}
