package org.migspec.impl.trace;

/** A uint64 trace argument: written as an unsigned decimal integer, exactly. */
public record Unsigned(long value) {
}
