package org.migspec.checker.cli;

import org.migspec.checker.input.TraceFile;
import org.migspec.checker.spec.TraceConfig;

import java.io.IOException;
import java.util.List;

/**
 * A run whose logs are open, sides assigned, and spec configuration derived.
 *
 * @param variantSource    where the variant came from ("--variant", "NDJSON header", ...)
 * @param managementSource where the management constant came from
 * @param assumptions      the unlogged faults an explanation may use: the run's records and --assume
 */
public record PreparedRun(String name, List<TraceFile> files, TraceConfig config, String variantSource,
                          String managementSource, org.migspec.checker.search.AllowedFaults assumptions)
        implements AutoCloseable {
    @Override
    public void close() {
        for (TraceFile f : files) {
            try {
                f.close();
            } catch (IOException ignored) {
                // nothing to do: the file was only read
            }
        }
    }
}
