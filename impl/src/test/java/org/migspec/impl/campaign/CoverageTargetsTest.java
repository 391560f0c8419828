package org.migspec.impl.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --target uncovered}: the default schedules are pinned to what the generator gave before
 * targeting existed; targeted schedules are a function of the seed and the coverage; and the
 * weights move the draws toward what is not covered.
 */
class CoverageTargetsTest {
    private final ObjectMapper json = new ObjectMapper();

    /** SHA-256 of the first 100 schedules' toString for seed 1, from the generator before targeting (commit dc43715). */
    private static final String IMPL_SEED_1 = "04019ac94ef6ad79813424a7f8af7dd82766e6824891106bd153c56610d61ee0";
    private static final String QEMU_SEED_1 = "dc6dbb42fbed9190f3304d7316880c9075002020ce074ff09b9a88b1aead193e";

    private static String digest(List<Schedule> schedules) throws Exception {
        StringBuilder sb = new StringBuilder();
        schedules.forEach(s -> sb.append(s).append('\n'));
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void defaultSchedulesAreExactlyThoseBeforeTargeting() throws Exception {
        assertEquals(IMPL_SEED_1, digest(new ScheduleGenerator(1, false).generate(100)));
        assertEquals(QEMU_SEED_1, digest(new ScheduleGenerator(1, true).generate(100)));
        assertEquals(IMPL_SEED_1, digest(new ScheduleGenerator(1, false, CoverageTargets.NONE).generate(1, 100)));
    }

    /** A checker coverage section whose never-reached states all have a side exited, and crash actions never taken. */
    private JsonNode crashesUncovered() {
        ObjectNode v = json.createObjectNode();
        ObjectNode c = v.putObject("coverage").putObject("conformance");
        c.putObject("actions").putArray("neverTaken").add("DestinationCrash").add("SourceCrash").add("QmpQuitDst");
        ArrayNode st = c.putObject("abstractStates").putArray("neverReached");
        for (String s : List.of("active", "device", "completed", "failed", "cancelled", "postcopy-active", "setup", "none")) {
            st.add("src=" + s + "/exited mt=loop rp=none | dst=active/inmigrate co=loading lt=none | lock=dst");
            st.add("src=" + s + "/running mt=loop rp=none | dst=active/exited co=loading lt=none | lock=src");
        }
        return v;
    }

    @Test
    void weightsFollowWhatIsNotCovered() {
        CoverageTargets t = CoverageTargets.from(crashesUncovered());
        assertEquals(3, t.actionsNeverTaken());
        assertEquals(16, t.statesNeverReached());
        // kill: 2 crash actions + ceil(log2(1 + 16)) = 5 states' worth, plus 1
        assertEquals(1 + 2 + 5, t.kind("kill"));
        assertEquals(1 + 1 + 5, t.kind("quit"));
        assertEquals(1, t.kind("cont"));
        assertEquals(1 + 2, t.status("src", "completed"));   // two states, ceil(log2(3))
        assertEquals(1, t.status("src", "pre-switchover"));
        assertSame(CoverageTargets.NONE, CoverageTargets.from(null));
        assertSame(CoverageTargets.NONE, CoverageTargets.from(json.createObjectNode()));
    }

    @Test
    void targetedSchedulesAreDeterministicAndLeanTowardTheUncovered() {
        CoverageTargets t = CoverageTargets.from(crashesUncovered());
        List<Schedule> a = new ScheduleGenerator(1, false, t).generate(1, 200);
        assertEquals(a, new ScheduleGenerator(1, false, CoverageTargets.from(crashesUncovered())).generate(1, 200));
        List<Schedule> plain = new ScheduleGenerator(1, false).generate(200);
        assertNotEquals(plain, a);
        long targeted = a.stream().flatMap(s -> s.actions().stream()).filter(x -> List.of("kill", "quit").contains(x.what())).count();
        long untargeted = plain.stream().flatMap(s -> s.actions().stream()).filter(x -> List.of("kill", "quit").contains(x.what())).count();
        assertTrue(targeted > untargeted * 3 / 2, "kills and quits: " + targeted + " targeted, " + untargeted + " not");
        // a round is the same schedules as the whole list's slice
        assertEquals(a.subList(10, 15), new ScheduleGenerator(1, false, t).generate(11, 5));
    }

    @Test
    void aCoverageSectionThatIsNotTheCheckersIsRefused() {
        ObjectNode v = json.createObjectNode();
        v.putObject("coverage").putObject("conformance").putObject("abstractStates").putArray("neverReached").add("src=active");
        assertThrows(IllegalArgumentException.class, () -> CoverageTargets.from(v));
    }
}
