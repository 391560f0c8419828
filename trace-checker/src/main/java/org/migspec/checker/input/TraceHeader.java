package org.migspec.checker.input;

import java.util.Map;

/**
 * What a trace says about the run: the protocol variant (NDJSON header only; QEMU logs
 * take --variant), the side, the migration capabilities, and whether the destination ran
 * with -S under a management layer.  Null means "the trace does not say".
 */
public record TraceHeader(TraceFormat format, String variant, Side side,
                          Map<String, Boolean> capabilities, Boolean management) {
}
