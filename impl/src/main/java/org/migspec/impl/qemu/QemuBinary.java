package org.migspec.impl.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.migspec.impl.scenario.ScenarioException;

/**
 * A QEMU to run: {@code 7.2} (the host's Debian bookworm package), {@code 11.1} (Debian
 * unstable's, in the chroot that {@code make qemu-sid} prepares) or a path to any build. Every
 * command runs through {@link #command}, which for the chroot is {@code chroot ROOT /usr/bin/...}
 * (chroot execs QEMU, so the PID the harness kills is QEMU's own). The version comes from
 * {@code --version}; a binary that does not answer like QEMU is refused.
 */
public final class QemuBinary {
    public static final Path DEFAULT_SID_ROOT = Path.of("/var/lib/migspec/qemu-sid");
    private static final Pattern VERSION = Pattern.compile("QEMU emulator version (\\d+)\\.(\\d+)\\.(\\d+)(.*)");

    private final List<String> prefix;
    private final String qemu;
    private final String qemuImg;
    private final int major;
    private final int minor;
    private final int micro;
    private final String versionLine;

    private QemuBinary(List<String> prefix, String qemu, String qemuImg, String versionLine) throws ScenarioException {
        this.prefix = List.copyOf(prefix);
        this.qemu = qemu;
        this.qemuImg = qemuImg;
        Matcher m = VERSION.matcher(versionLine);
        if (!m.find()) {
            throw new ScenarioException(qemu + " is not QEMU: --version printed \"" + firstLine(versionLine) + "\"");
        }
        this.major = Integer.parseInt(m.group(1));
        this.minor = Integer.parseInt(m.group(2));
        this.micro = Integer.parseInt(m.group(3));
        this.versionLine = firstLine(versionLine);
    }

    /**
     * {@code spec}: 7.2, 11.1 or a path to qemu-system-x86_64; {@code qemuImg}: a path, or null for
     * the qemu-img beside it (for a path: the same directory, else the one on PATH).
     */
    public static QemuBinary resolve(String spec, String qemuImg, Path sidRoot) throws ScenarioException {
        List<String> prefix = new ArrayList<>();
        String qemu;
        String img;
        switch (spec) {
            case "7.2" -> {
                qemu = "/usr/bin/qemu-system-x86_64";
                img = "/usr/bin/qemu-img";
                if (!Files.isExecutable(Path.of(qemu))) {
                    throw new ScenarioException("QEMU 7.2 is not installed (" + qemu + " is missing): run make qemu-7.2");
                }
            }
            case "11.1" -> {
                qemu = "/usr/bin/qemu-system-x86_64";
                img = "/usr/bin/qemu-img";
                if (!Files.isExecutable(sidRoot.resolve("usr/bin/qemu-system-x86_64"))) {
                    throw new ScenarioException("the QEMU 11.1 chroot is missing (" + sidRoot
                            + "/usr/bin/qemu-system-x86_64): run make qemu-sid");
                }
                if (!Files.isDirectory(sidRoot.resolve("proc/self"))) {
                    throw new ScenarioException("the QEMU 11.1 chroot " + sidRoot + " has no /proc mounted: run make qemu-sid");
                }
                checkTmpShared(sidRoot);
                prefix.add("chroot");
                prefix.add(sidRoot.toString());
            }
            default -> {
                Path p = Path.of(spec);
                if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                    throw new ScenarioException("--qemu " + spec + ": not an executable file (expected 7.2, 11.1 or a path to qemu-system-x86_64)");
                }
                qemu = p.toAbsolutePath().toString();
                Path beside = p.toAbsolutePath().getParent().resolve("qemu-img");
                img = Files.isExecutable(beside) ? beside.toString() : "qemu-img";
            }
        }
        if (qemuImg != null) {
            img = qemuImg;
        }
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(qemu);
        cmd.add("--version");
        return new QemuBinary(prefix, qemu, img, probe(cmd, qemu));
    }

    /** The chroot must see the host's /tmp: the harness's files live there. */
    private static void checkTmpShared(Path sidRoot) throws ScenarioException {
        try {
            Path probe = Files.createTempFile("migspec-chroot-probe", "");
            try {
                if (!Files.exists(sidRoot.resolve("tmp").resolve(probe.getFileName()))) {
                    throw new ScenarioException("the QEMU 11.1 chroot " + sidRoot + " does not share /tmp: run make qemu-sid");
                }
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            throw new ScenarioException("cannot probe /tmp for the chroot: " + e.getMessage());
        }
    }

    /** Runs {@code cmd}, bounded; its whole output. */
    private static String probe(List<String> cmd, String what) throws ScenarioException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ScenarioException(what + " is not QEMU: --version did not answer within 10 s");
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new ScenarioException(what + " is not QEMU: --version exited " + p.exitValue() + " (\"" + firstLine(out) + "\")");
            }
            return out;
        } catch (IOException e) {
            throw new ScenarioException("cannot run " + what + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScenarioException("interrupted while probing " + what);
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    /** The command line that runs QEMU with {@code args}. */
    public List<String> command(List<String> args) {
        List<String> c = new ArrayList<>(prefix);
        c.add(qemu);
        c.addAll(args);
        return c;
    }

    /** The command line that runs qemu-img with {@code args}. */
    public List<String> imgCommand(List<String> args) {
        List<String> c = new ArrayList<>(prefix);
        c.add(qemuImg);
        c.addAll(args);
        return c;
    }

    public String version() {
        return major + "." + minor + "." + micro;
    }

    public String versionLine() {
        return versionLine;
    }

    public String describe() {
        return "QEMU " + version() + " (" + String.join(" ", command(List.of())) + ")";
    }

    /**
     * The spec variant that models this QEMU: legacy before 10.2 (postcopy-device does not exist),
     * v4 for 10.2 (the merged series), v11 from 11.0 (the failing status). Null outside the range
     * the spec models (before 7.2, or 12 and later): the caller refuses it unless told a variant.
     */
    public static String variantFor(int major, int minor) {
        if (major < 7 || (major == 7 && minor < 2) || major >= 12) {
            return null;
        }
        if (major < 10 || (major == 10 && minor < 2)) {
            return "legacy";
        }
        return major == 10 ? "v4" : "v11";
    }

    public String variant() {
        return variantFor(major, minor);
    }

    /** {@code override} if given, else this QEMU's variant; a QEMU the spec does not model is refused. */
    public String variant(String override) throws ScenarioException {
        String name = override != null ? override : variant();
        if (name == null) {
            throw new ScenarioException("QEMU " + version() + " has no spec variant (the spec models 7.2 to 11.x;"
                    + " --variant chooses one)");
        }
        return name;
    }
}
