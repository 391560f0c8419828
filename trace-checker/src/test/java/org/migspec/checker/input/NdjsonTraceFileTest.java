package org.migspec.checker.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The end of an NDJSON trace whose writer was killed (SIGKILL) in the middle of a line. */
class NdjsonTraceFileTest {
    @TempDir
    Path dir;

    private static final String HEADER = "{\"header\":{\"format\":\"migspec-trace\",\"version\":1,\"variant\":\"v4\",\"side\":\"src\",\"pid\":1,\"capabilities\":{}}}";
    private static final String E1 = "{\"ts\":1,\"pid\":1,\"tid\":1,\"thread\":\"main\",\"event\":\"migrate_set_state\",\"args\":{\"new_state\":\"setup\"}}";
    private static final String E2 = "{\"ts\":2,\"pid\":1,\"tid\":1,\"thread\":\"main\",\"event\":\"migrate_set_state\",\"args\":{\"new_state\":\"active\"}}";

    private Path write(String content) throws Exception {
        Path p = dir.resolve("src.trace.ndjson");
        Files.writeString(p, content);
        return p;
    }

    private static List<String> events(TraceFile f) throws Exception {
        List<String> out = new ArrayList<>();
        for (TraceEvent e; (e = f.next()) != null; ) out.add(e.name() + " " + e.args());
        return out;
    }

    @Test
    void aLastLineCutAnywhereIsIgnoredWithANote() throws Exception {
        for (int cut = 1; cut < E2.length() - 1; cut++) {
            Path p = write(HEADER + "\n" + E1 + "\n" + E2.substring(0, cut));
            try (TraceFile f = TraceFile.open(p, false, null)) {
                assertEquals(List.of("migrate_set_state {new_state=setup}"), events(f), "cut at " + cut);
                assertEquals(1, f.notes().size(), "cut at " + cut);
                assertTrue(f.notes().get(0).startsWith("line 3: the last line is cut mid-line"), f.notes().get(0));
            }
        }
    }

    @Test
    void aCompleteLastLineWithoutNewlineIsAnEvent() throws Exception {
        Path p = write(HEADER + "\n" + E1 + "\n" + E2);
        try (TraceFile f = TraceFile.open(p, false, null)) {
            assertEquals(2, events(f).size());
            assertEquals(List.of(), f.notes());
        }
    }

    @Test
    void aCutLineFollowedByAnotherIsBadInput() throws Exception {
        Path p = write(HEADER + "\n" + E1.substring(0, 30) + "\n" + E2 + "\n");
        try (TraceFile f = TraceFile.open(p, false, null)) {
            TraceInputException e = assertThrows(TraceInputException.class, () -> events(f));
            assertTrue(e.getMessage().contains(":2:") && e.getMessage().contains("truncated line"), e.getMessage());
        }
    }

    @Test
    void aMalformedLastLineIsBadInput() throws Exception {
        Path p = write(HEADER + "\n" + E1 + "\n" + E2.replace("\"event\":", "\"event\" "));
        try (TraceFile f = TraceFile.open(p, false, null)) {
            TraceInputException e = assertThrows(TraceInputException.class, () -> events(f));
            assertTrue(e.getMessage().contains(":3:") && e.getMessage().contains("malformed JSON"), e.getMessage());
        }
    }
}
