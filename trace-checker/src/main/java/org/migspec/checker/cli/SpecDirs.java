package org.migspec.checker.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Where the spec's modules are: --spec-dir, else $MIGSPEC_SPEC_DIR, else the spec/ of the
 * repository this checker was built in (found from the jar's or classes' location), else
 * ./spec.
 */
public final class SpecDirs {
    public static final String ENV = "MIGSPEC_SPEC_DIR";
    static final String MODULE = "TraceMigration.tla";

    private SpecDirs() {
    }

    public static Path resolve(Path option) throws BadInput {
        if (option != null) return existing(option, "--spec-dir");
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return existing(Path.of(env), "$" + ENV);
        Path repo = besideCode();
        if (repo != null) return repo;
        return existing(Path.of("spec"), "the default ./spec; use --spec-dir DIR");
    }

    private static Path existing(Path p, String source) throws BadInput {
        if (!Files.isDirectory(p)) throw new BadInput(p + ": spec directory not found (" + source + ")");
        if (!Files.isRegularFile(p.resolve(MODULE))) {
            throw new BadInput(p + ": no " + MODULE + " in the spec directory (" + source + ")");
        }
        return p;
    }

    /** spec/ in a parent of the jar or classes directory that holds this class. */
    static Path besideCode() {
        try {
            CodeSource cs = SpecDirs.class.getProtectionDomain().getCodeSource();
            if (cs == null) return null;
            Path p = Path.of(cs.getLocation().toURI()).toAbsolutePath();
            for (int i = 0; i < 5 && p != null; i++, p = p.getParent()) {
                Path s = p.resolve("spec");
                if (Files.isRegularFile(s.resolve(MODULE))) return s;
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }
}
