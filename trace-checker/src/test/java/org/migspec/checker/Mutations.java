package org.migspec.checker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.migspec.checker.CheckerTestSupport.copyRun;
import static org.migspec.checker.CheckerTestSupport.eventOf;
import static org.migspec.checker.CheckerTestSupport.find;
import static org.migspec.checker.CheckerTestSupport.lines;
import static org.migspec.checker.CheckerTestSupport.prefixOf;
import static org.migspec.checker.CheckerTestSupport.write;

/**
 * Mutated copies of a real run, made from the originals: each is a run directory (with a
 * {@code variant} file) and the first event the checker must report as unexplained.
 */
public final class Mutations {

    /**
     * One mutated run.
     *
     * @param dir          the run directory
     * @param kind         which mutation
     * @param expectedFile the log that holds the first unexplained event
     * @param expectedLine its line
     * @param expectedEvent its event name
     */
    public record Mutant(Path dir, String kind, String expectedFile, int expectedLine, String expectedEvent) {
    }

    private Mutations() {
    }

    /** Every applicable mutation of {@code run} (e.g. "qemu-7.2/d_postcopy_success"), under {@code root}. */
    public static List<Mutant> of(String run, Path root) throws IOException {
        Path orig = CheckerTestSupport.real(run);
        String variant = CheckerTestSupport.variantOf(run);
        String base = run.replace('/', '_');
        List<Mutant> out = new ArrayList<>();
        List<String> src = lines(orig.resolve("src.trace.log"));

        // 1. two state changes swapped (the state names; the lines keep their times): the
        //    second and third where there are three (both usually the migration thread's),
        //    else the first two
        List<Integer> states = find(src, "migrate_set_state", null);
        for (int i = states.size() >= 3 ? 1 : 0; i + 1 < states.size(); i++) {
            int a = states.get(i), b = states.get(i + 1);
            String sa = stateOf(src.get(a - 1)), sb = stateOf(src.get(b - 1));
            if (sa.equals(sb)) continue;
            List<String> m = new ArrayList<>(src);
            m.set(a - 1, src.get(a - 1).replace("new state " + sa, "new state " + sb));
            m.set(b - 1, src.get(b - 1).replace("new state " + sb, "new state " + sa));
            out.add(make(orig, root.resolve(base + "__swap"), variant, m, "swap", a, "migrate_set_state"));
            break;
        }
        // 2. a SHUT dropped, 3. a PONG dropped, 4. a PONG value changed
        List<Integer> shut = find(src, "source_return_path_thread_shut", null);
        if (!shut.isEmpty()) {
            List<String> m = new ArrayList<>(src);
            int at = shut.get(0);
            m.remove(at - 1);
            out.add(make(orig, root.resolve(base + "__drop_shut"), variant, m, "drop-shut", -at, null));
        }
        List<Integer> pong = find(src, "source_return_path_thread_pong", null);
        if (!pong.isEmpty()) {
            List<String> m = new ArrayList<>(src);
            int at = pong.get(0);
            m.remove(at - 1);
            out.add(make(orig, root.resolve(base + "__drop_pong"), variant, m, "drop-pong", -at, null));
            // the PONG that answers the packaged 0x42 ping where there is one, else the first
            List<Integer> p42 = find(src, "source_return_path_thread_pong", "0x42");
            int v = p42.isEmpty() ? at : p42.get(0);
            List<String> c = new ArrayList<>(src);
            String old = c.get(v - 1);
            String val = old.substring(old.lastIndexOf(' ') + 1);
            c.set(v - 1, old.substring(0, old.lastIndexOf(' ') + 1) + (val.equals("0x42") ? "0x43" : "0x9"));
            out.add(make(orig, root.resolve(base + "__pong_value"), variant, c, "pong-value", v,
                    "source_return_path_thread_pong"));
        }
        // 5. a state change the variant never makes: postcopy-device in a 7.2 run (legacy);
        //    active -> postcopy-recover in a 10.2 run (v4)
        List<Integer> active = find(src, "migrate_set_state", "new state active");
        if (!active.isEmpty()) {
            int at = active.get(0);
            List<String> m = new ArrayList<>(src);
            String state = variant.equals("legacy") ? "postcopy-device" : "postcopy-recover";
            m.add(at, prefixOf(src.get(at - 1)) + "migrate_set_state new state " + state);
            out.add(make(orig, root.resolve(base + "__never_" + state), variant, m, "never-state", at + 1,
                    "migrate_set_state"));
        }
        return out;
    }

    private static String stateOf(String line) {
        return line.substring(line.indexOf("new state ") + "new state ".length()).strip();
    }

    /** A negative {@code line}: where a line was dropped (the expectation is set by the test). */
    private static Mutant make(Path orig, Path dir, String variant, List<String> src, String kind, int line,
                               String event) throws IOException {
        copyRun(orig, dir);
        write(dir.resolve("src.trace.log"), src);
        Files.writeString(dir.resolve("variant"), variant + "\n", StandardCharsets.UTF_8);
        return new Mutant(dir, kind, "src.trace.log", line, event);
    }

    /** For reports: the event at a line of a mutated log. */
    public static String eventAt(Path log, int line) throws IOException {
        return eventOf(lines(log).get(line - 1));
    }
}
