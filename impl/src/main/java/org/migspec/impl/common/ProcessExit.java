package org.migspec.impl.common;

/**
 * exit(): how protocol code ends the process (the destination's exit-on-error, {@code quit}).
 * The process ({@code vm.VmProcess}) flushes its trace first.
 */
@FunctionalInterface
public interface ProcessExit {
    void exit(int status);
}
