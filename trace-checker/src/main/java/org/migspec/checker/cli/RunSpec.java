package org.migspec.checker.cli;

import java.util.List;

/**
 * One recorded migration: the logs of its processes.
 *
 * @param name          the name in reports (the run directory, or the source log's name)
 * @param logs          one or two logs (source, destination)
 * @param variantHint   the variant a run directory names (a {@code variant} file, the QMP
 *                      greeting), or null; --variant and NDJSON headers come first
 * @param variantSource where {@code variantHint} comes from, for the report
 * @param variantError  why the run directory gives no variant although it tried to (a QMP
 *                      greeting with a QEMU version no variant models, or an unparsable one):
 *                      the bad-input message if neither --variant nor a header gives one; or null
 */
public record RunSpec(String name, List<LogRef> logs, String variantHint, String variantSource,
                      String variantError) {
    public RunSpec(String name, List<LogRef> logs, String variantHint, String variantSource) {
        this(name, logs, variantHint, variantSource, null);
    }
}
