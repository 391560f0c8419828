package org.migspec.impl.vm;

import java.nio.file.Path;
import java.util.Map;
import org.migspec.impl.common.Variant;

/** Everything one process is started with (the command line of src/dst). */
public record VmConfig(Variant variant, String side, Path qmpSocket, Path traceFile, Path image, int pages,
                       int pageSize, long seed, int dirtyPages, long dirtyRate, boolean autostart,
                       Map<String, Boolean> initialCaps) {
}
