package org.migspec.checker.cli;

import org.migspec.checker.input.Side;
import org.migspec.checker.input.TraceFile;
import org.migspec.checker.input.TraceFormat;
import org.migspec.checker.input.TraceHeader;
import org.migspec.checker.input.TraceInputException;
import org.migspec.checker.spec.QemuVersions;
import org.migspec.checker.spec.TraceConfig;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opens the logs of a run and derives what the spec needs to know about it (TraceConfig):
 * <ul>
 *   <li>sides: --src/--dst, else the content (QEMU log) or the header (NDJSON), else the
 *       order (the first unassigned log is the source);</li>
 *   <li>variant: --variant, which must agree with every NDJSON header that names one
 *       ("wrong variant"); else the headers; else what the run directory says (batch: a
 *       {@code variant} file or the QMP greeting's QEMU version; a single check whose logs
 *       share a directory: the QMP greeting), where a greeting whose version no variant
 *       models is bad input; QEMU logs need one of these;</li>
 *   <li>capabilities: the header's, updated by migrate-set-capabilities over QMP, the
 *       source's first (postcopy = postcopy-ram; return path = postcopy-ram or return-path;
 *       pause-before-switchover); late-block-activate from the destination's;</li>
 *   <li>management (the destination started with -S and resumed by libvirt's `cont`):
 *       --management on/off, else an NDJSON header's "management", else whether the
 *       destination's log shows a `cont` (qmp_enter_cont).</li>
 * </ul>
 */
public final class Runs {
    /** Lines of the destination's log searched for a `cont` (management "auto"). */
    static final int CONT_SCAN_LINES = 200_000;

    private Runs() {
    }

    public static PreparedRun prepare(RunSpec run, CheckOptions opt) throws BadInput {
        List<TraceFile> files = new ArrayList<>();
        try {
            PreparedRun p = prepare(run, opt, files);
            files = null;
            return p;
        } finally {
            if (files != null) new PreparedRun(run.name(), files, null, null, null, null).close();
        }
    }

    private static PreparedRun prepare(RunSpec run, CheckOptions opt, List<TraceFile> files) throws BadInput {
        if (run.logs().isEmpty()) throw new BadInput(run.name() + ": no logs to check");
        if (run.logs().size() > 2) {
            throw new BadInput("at most two logs per run (source and destination), got " + run.logs().size());
        }
        for (LogRef ref : run.logs()) {
            TraceFile f = open(ref.path(), opt);
            files.add(f);
            if (opt.strict()) f.requireKnownEvents(KnownEvents.QEMU_MIGRATION::contains);
        }
        // sides
        Side[] sides = new Side[files.size()];
        for (int i = 0; i < files.size(); i++) {
            TraceFile f = files.get(i);
            Side given = run.logs().get(i).side();
            Side content = f.header().side();
            if (given != null && content != null && given != content) {
                throw new BadInput(f.name() + ": given as the " + word(given) + "'s log, but it is the "
                        + word(content) + "'s (" + (f.header().format() == TraceFormat.NDJSON ? "header.side" : "its events")
                        + ")");
            }
            sides[i] = given != null ? given : content;
        }
        for (int i = 0; i < files.size(); i++) {
            if (sides[i] != null) continue;
            Side free = taken(sides, Side.SRC) ? Side.DST : Side.SRC;
            sides[i] = free;
        }
        if (files.size() == 2 && sides[0] == sides[1]) {
            throw new BadInput(files.get(1).name() + ": two logs of the " + word(sides[0]) + " ("
                    + files.get(0).name() + " too); give the other side's log, or --src/--dst");
        }
        for (int i = 0; i < files.size(); i++) files.get(i).assumeSide(sides[i]);

        // variant
        String variant = null;
        String variantSource = null;
        String headerVariant = null;
        TraceFile headerFile = null;
        for (TraceFile f : files) {
            String v = f.header().variant();
            if (v == null) continue;
            if (headerVariant != null && !headerVariant.equals(v)) {
                throw new BadInput(at(f, "variant") + "wrong variant: the header says \"" + v + "\", "
                        + headerFile.name() + " says \"" + headerVariant + "\"");
            }
            if (headerFile == null) {
                headerVariant = v;
                headerFile = f;
            }
        }
        if (opt.variant() != null) {
            checkVariantName(opt.variant(), "--variant: ");
            if (headerVariant != null && !headerVariant.equals(opt.variant())) {
                throw new BadInput(at(headerFile, "variant") + "wrong variant: the header says \"" + headerVariant
                        + "\", --variant says \"" + opt.variant() + "\"");
            }
            variant = opt.variant();
            variantSource = "--variant";
        } else if (headerVariant != null) {
            variant = headerVariant;
            variantSource = "NDJSON header";
        } else if (run.variantError() != null) {
            throw new BadInput(run.variantError());
        } else if (run.variantHint() != null) {
            variant = run.variantHint();
            variantSource = run.variantSource();
        } else {
            throw new BadInput(files.get(0).name() + ": --variant is required for QEMU logs ("
                    + QemuVersions.describe() + ")");
        }
        if (headerVariant != null) checkVariantName(headerVariant, at(headerFile, "variant") + "header.variant: ");
        checkVariantName(variant, variantSource + ": ");

        // capabilities: the source's first, the destination's for what the source does not say
        Map<String, Boolean> caps = new LinkedHashMap<>();
        for (Side s : new Side[] {Side.DST, Side.SRC}) {
            for (int i = 0; i < files.size(); i++) if (sides[i] == s) caps.putAll(files.get(i).header().capabilities());
        }
        boolean postcopy = caps.getOrDefault("postcopy-ram", false);
        boolean returnPath = postcopy || caps.getOrDefault("return-path", false);
        boolean pbs = caps.getOrDefault("pause-before-switchover", false);
        // late-block-activate is the destination's capability
        boolean lba = false;
        for (int i = 0; i < files.size(); i++) {
            if (sides[i] == Side.DST) lba = files.get(i).header().capabilities().getOrDefault("late-block-activate", false);
        }

        // management
        boolean management;
        String managementSource;
        switch (opt.management() == null ? "auto" : opt.management()) {
            case "on" -> {
                management = true;
                managementSource = "--management on";
            }
            case "off" -> {
                management = false;
                managementSource = "--management off";
            }
            case "auto" -> {
                Boolean h = null;
                for (TraceFile f : files) if (f.header().management() != null) h = f.header().management();
                if (h != null) {
                    management = h;
                    managementSource = "NDJSON header";
                } else {
                    int d = -1;
                    for (int i = 0; i < files.size(); i++) if (sides[i] == Side.DST) d = i;
                    Boolean stopped = d < 0 ? null : HarnessCommandLines.destinationStartedStopped(
                            run.logs().get(d).path().toAbsolutePath().getParent());
                    if (stopped != null) {
                        // the harness's record of the command line: -S is libvirt's set-up, whether
                        // or not the run got as far as libvirt's `cont`
                        management = stopped;
                        managementSource = HarnessCommandLines.FILE + ": the destination started "
                                + (stopped ? "with -S" : "without -S");
                    } else {
                        management = d >= 0 && showsCont(run.logs().get(d).path());
                        managementSource = management ? "the destination's log shows `cont`"
                                : "no `cont` on the destination";
                    }
                }
            }
            default -> throw new BadInput("--management: expected on, off or auto, got \"" + opt.management() + "\"");
        }
        Integer mf = opt.bounds().maxFaults();
        List<Path> dirs = new ArrayList<>();
        for (LogRef l : run.logs()) dirs.add(l.path().toAbsolutePath().getParent());
        org.migspec.checker.search.AllowedFaults evidence = RunEvidence.of(dirs, opt.assume());
        // the lock holder is a fault of the spec only where a record (or --assume) allows it: it
        // enlarges every search, and no log shows it
        TraceConfig cfg = new TraceConfig(variant, postcopy, returnPath, pbs, management, lba,
                mf != null ? mf : TraceConfig.DEFAULT_MAX_FAULTS, evidence.allows("lock-holder"),
                RunEvidence.holderReleased(dirs));
        return new PreparedRun(run.name(), List.copyOf(files), cfg, variantSource, managementSource, evidence);
    }

    static TraceFile open(Path path, CheckOptions opt) throws BadInput {
        boolean pattern = org.migspec.checker.input.ThreadLogPattern.isPattern(path);
        if (!pattern && !Files.exists(path)) throw new BadInput(path + ": no such file");
        if (Files.isDirectory(path)) throw new BadInput(path + ": a directory, not a log (use --batch DIR for runs)");
        try {
            return TraceFile.open(path, opt.lenient(), opt.traceEvents());
        } catch (TraceInputException e) {
            throw new BadInput(e.getMessage());
        } catch (RuntimeException e) {
            throw new BadInput(path + ": cannot read: " + e);
        }
    }

    /** @param prefix what the message starts with: "--variant: ", "FILE:1:COL: header.variant: " */
    public static void checkVariantName(String v, String prefix) throws BadInput {
        if (!TraceConfig.VARIANTS.contains(v)) {
            throw new BadInput(prefix + "unknown variant \"" + v + "\" (expected one of "
                    + String.join(", ", TraceConfig.VARIANTS) + ")");
        }
    }

    private static boolean taken(Side[] sides, Side s) {
        for (Side x : sides) if (x == s) return true;
        return false;
    }

    static String word(Side s) {
        return s == Side.SRC ? "source" : "destination";
    }

    /** "FILE:1:COL: " for a header field of an NDJSON log. */
    private static String at(TraceFile f, String field) {
        int col = 1;
        try (BufferedReader r = Files.newBufferedReader(Path.of(f.name()), StandardCharsets.UTF_8)) {
            String first = r.readLine();
            int i = first == null ? -1 : first.indexOf("\"" + field + "\"");
            if (i >= 0) col = i + 1;
        } catch (IOException | RuntimeException ignored) {
            // the column is a hint only
        }
        return f.name() + ":1:" + col + ": ";
    }

    /** Whether a management layer resumed the destination: a `cont` in its log (any of its thread files). */
    private static boolean showsCont(Path dst) {
        if (org.migspec.checker.input.ThreadLogPattern.isPattern(dst)) {
            try {
                for (Path f : org.migspec.checker.input.ThreadLogPattern.files(dst).values()) if (showsCont(f)) return true;
            } catch (org.migspec.checker.input.TraceInputException e) {
                return false;   // opening the log reported it already
            }
            return false;
        }
        try (BufferedReader r = Files.newBufferedReader(dst, StandardCharsets.UTF_8)) {
            String l;
            int n = 0;
            while ((l = r.readLine()) != null && n++ < CONT_SCAN_LINES) {
                if (l.contains("qmp_enter_cont") && (l.contains("\"qmp_enter_cont\"") || l.matches(".*[:Z ]qmp_enter_cont( .*)?$")
                        || l.startsWith("qmp_enter_cont"))) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    /** A log's header, for reports. */
    static TraceHeader header(TraceFile f) {
        return f.header();
    }
}
