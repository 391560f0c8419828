package org.migspec.checker.search;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.migspec.checker.input.Side;
import org.migspec.checker.input.TraceFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lanes of QEMU's per-thread logs: a thread the harness named is bound to its spec lane by
 * its name; an unnamed one by the first event only one QEMU thread logs, as in 7.2's
 * single-file TID@ logs.
 */
class PerThreadLanesTest {
    @TempDir
    Path dir;

    private static final Set<String> MAPPED = Set.of("qmp_enter_migrate", "migrate_set_state", "savevm_state_cleanup",
            "savevm_send_ping", "source_return_path_thread_pong", "migrate_fd_cancel");

    /**
     * The source of the 7.2 postcopy sample, shortened: the main thread logs QMP entries and,
     * at cleanup, savevm_state_cleanup, which the migration thread logs too.
     */
    private void source(boolean names) throws Exception {
        Files.write(dir.resolve("src.trace.100.log"), List.of(
                "100@1.000001:qmp_enter_migrate {\"uri\": \"tcp:x\"}",
                "100@1.000002:migrate_set_state new state setup",
                "100@1.000090:savevm_state_cleanup ",
                "100@1.000091:migrate_fd_cancel "));
        Files.write(dir.resolve("src.trace.110.log"), List.of(
                "110@1.000010:migrate_set_state new state active",
                "110@1.000020:savevm_send_ping 0x1",
                "110@1.000080:migrate_set_state new state completed"));
        Files.write(dir.resolve("src.trace.120.log"), List.of(
                "120@1.000030:source_return_path_thread_pong 0x1"));
        if (names) {
            Files.writeString(dir.resolve("src.threads.json"), "{\"pid\": 100, \"threads\": {\"100\": \"qemu-system-x86\", "
                    + "\"110\": \"live_migration\"}}");
        }
    }

    /** Every line's lane once the whole log is read. */
    private List<String> lanes() throws Exception {
        try (TraceFile f = TraceFile.open(dir.resolve("src.trace.%d.log"), false, null)) {
            EventStream s = new EventStream(f, Side.SRC, MAPPED);
            List<String> out = new ArrayList<>();
            for (int i = 0; s.get(i) != null; i++) out.add(s.get(i).thread());
            for (int i = 0; i < out.size(); i++) out.set(i, out.get(i) + "=" + s.lane(i));
            return out;
        }
    }

    @Test
    void namedThreadsAreBoundByName() throws Exception {
        source(true);
        // the main thread by the pid, the migration thread by "live_migration" (bound from its
        // first line, a migrate_set_state several threads log), the return-path thread (not in
        // threads.json: it exited before it was sampled) by its first event
        assertEquals(List.of("100=src/main", "100=src/main", "110=src/migration", "110=src/migration",
                        "120=src/return-path", "110=src/migration", "100=src/main", "100=src/main"), lanes());
    }

    /** After a postcopy recovery 11.x runs a new return-path thread: both ids are one lane. */
    @Test
    void twoThreadsOfOneNameAreOneLane() throws Exception {
        Files.write(dir.resolve("src.trace.200.log"), List.of("2026-12-04T17:24:13.000001Z qmp_enter_migrate {}"));
        Files.write(dir.resolve("src.trace.213.log"), List.of("2026-12-04T17:24:13.000010Z migrate_set_state new state postcopy-paused"));
        Files.write(dir.resolve("src.trace.222.log"), List.of("2026-12-04T17:24:13.000020Z migrate_set_state new state postcopy-active"));
        Files.writeString(dir.resolve("src.threads.json"), "{\"pid\": 200, \"threads\": {\"213\": \"mig/src/return\", "
                + "\"222\": \"mig/src/return\"}}");
        assertEquals(List.of("200=src/main", "213=src/return-path", "222=src/return-path"), lanes());
    }

    @Test
    void withoutNamesTheFirstEventBindsAndAConflictUnbinds() throws Exception {
        source(false);
        // 100 logs qmp_enter_migrate (main) and savevm_state_cleanup (migration): two lanes
        // claim it, so it stays unbound, as the same run's single 7.2 log leaves it
        assertEquals(List.of("100=null", "100=null", "110=src/migration", "110=src/migration",
                "120=src/return-path", "110=src/migration", "100=null", "100=null"), lanes());
    }
}
