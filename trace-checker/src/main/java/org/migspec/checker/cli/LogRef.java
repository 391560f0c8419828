package org.migspec.checker.cli;

import org.migspec.checker.input.Side;

import java.nio.file.Path;

/**
 * One log of a run as the user named it.
 *
 * @param path the file
 * @param side the side the user gave (--src/--dst, or the file name in batch mode), or null:
 *             then the content (QEMU log) or header (NDJSON) decides, else the order
 */
public record LogRef(Path path, Side side) {
}
