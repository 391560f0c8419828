package org.migspec.checker.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A java.io.tmpdir of this JVM's own.  TLC (2.18) writes the standard modules it parses
 * (Integers.tla, Sequences.tla, ...) straight into java.io.tmpdir and deletes them when its
 * JVM exits: two JVMs that load a spec at the same time race, and one of them fails with
 * "Cannot find source file for module Integers".  Batch mode starts JVMs side by side, so
 * every checker JVM gets its own directory before TLC's classes are loaded.
 */
public final class PrivateTmp {
    private static boolean done;

    private PrivateTmp() {
    }

    public static synchronized void install() {
        if (done) return;
        done = true;
        try {
            Path dir = Files.createTempDirectory("migspec-jvm-");
            File f = dir.toFile();
            f.deleteOnExit();   // runs last: files registered later are deleted first
            System.setProperty("java.io.tmpdir", dir.toString());
        } catch (IOException | SecurityException e) {
            // keep the shared one
        }
    }
}
