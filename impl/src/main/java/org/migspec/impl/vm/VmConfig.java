package org.migspec.impl.vm;

import java.nio.file.Path;
import java.util.Map;
import org.migspec.impl.common.Variant;

/**
 * Everything one process is started with (the command line of src/dst). {@code management}: the
 * run is driven like libvirt (destination with -S), for the trace header; null if not said.
 */
public record VmConfig(Variant variant, String side, Path qmpSocket, Path traceFile, Path image, int pages,
                       int pageSize, long seed, int dirtyPages, long dirtyRate, boolean autostart,
                       Map<String, Boolean> initialCaps, Boolean management) {
}
