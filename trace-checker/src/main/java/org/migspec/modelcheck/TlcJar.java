package org.migspec.modelcheck;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.zip.ZipFile;

/**
 * Finds the TLC jar (tla2tools; the module's pom declares it through the
 * {@code tlc.groupId/artifactId/version} properties), never downloading anything.
 * In order: {@code --tlc-jar}, the system property {@code migspec.tlc.jar}, the jar
 * that provides {@code tlc2.TLC} on this JVM's classpath ({@code mvn package} copies
 * it to {@code trace-checker/target/lib/}), a jar with {@code tlc2/TLC.class} in the
 * {@code lib/} directory next to this module's classes.
 */
public final class TlcJar {

    public static final String PROPERTY = "migspec.tlc.jar";
    private static final String TLC_CLASS = "tlc2/TLC.class";

    private TlcJar() {
    }

    public static Path locate(Path option) throws BadInputException {
        if (option != null) return existing(option, "--tlc-jar");
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) return existing(Path.of(prop), "-D" + PROPERTY);
        Path onClasspath = codeSourceOf("tlc2.TLC");
        if (onClasspath != null && Files.isRegularFile(onClasspath)) return onClasspath;
        Path ours = codeSourceOf(TlcJar.class.getName());
        if (ours != null && ours.getParent() != null) {
            Path found = scan(ours.getParent().resolve("lib"));
            if (found != null) return found;
        }
        throw new BadInputException("TLC jar not found: no tlc2.TLC on the classpath and none in "
                + (ours == null ? "target/lib" : ours.getParent().resolve("lib"))
                + " (run `mvn -pl trace-checker -am package`, or pass --tlc-jar PATH)");
    }

    private static Path existing(Path p, String source) throws BadInputException {
        if (!Files.isRegularFile(p)) throw new BadInputException("TLC jar not found: " + p + " (" + source + ")");
        if (!containsTlc(p)) throw new BadInputException(p + ": not a TLC jar, it has no tlc2.TLC (" + source + ")");
        return p;
    }

    private static Path codeSourceOf(String className) {
        try {
            Class<?> c = Class.forName(className, false, TlcJar.class.getClassLoader());
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            return cs == null ? null : Path.of(cs.getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Path scan(Path dir) {
        if (!Files.isDirectory(dir)) return null;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path p : ds) if (containsTlc(p)) return p;
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static boolean containsTlc(Path jar) {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            return z.getEntry(TLC_CLASS) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
