package org.migspec.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tla2sany.drivers.SANY;
import tla2sany.modanalyzer.SpecObj;
import util.SimpleFilenameToStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every module of spec/ parses and passes SANY's semantic analysis. */
class SpecModulesTest {
    static final Path SPEC = Path.of("..", "spec").toAbsolutePath().normalize();

    static Stream<String> modules() throws IOException {
        try (Stream<Path> s = Files.list(SPEC)) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tla")).sorted().toList();
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("modules")
    void sanyAcceptsModule(String file) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SpecObj spec = new SpecObj(SPEC.resolve(file).toString(), new SimpleFilenameToStream(new String[] {SPEC.toString()}));
        PrintStream saved = util.ToolIO.out;
        PrintStream sink = new PrintStream(log, true, StandardCharsets.UTF_8);
        util.ToolIO.out = sink;   // SANY's "Parsing file" chatter
        int rc;
        try {
            rc = SANY.frontEndMain(spec, SPEC.resolve(file).toString(), sink);
        } finally {
            util.ToolIO.out = saved;
        }
        String out = log.toString(StandardCharsets.UTF_8);
        assertEquals(0, rc, file + ": SANY returned " + rc + "\n" + out);
        assertEquals(0, spec.getErrorLevel(), file + ": " + out);
        assertFalse(out.contains("*** Errors"), out);
    }

    @Test
    void everyModuleIsTested() throws IOException {
        // The spec's modules, so that a new module cannot slip past the parameterised test.
        assertTrue(modules().toList().containsAll(List.of("AbstractState.tla", "Bql.tla", "Channel.tla", "Destination.tla",
                "Environment.tla", "Events.tla", "Fix.tla", "Guest.tla", "MCMigration.tla", "Messages.tla",
                "Migration.tla", "MigrationBase.tla", "MigrationStatus.tla", "Process.tla", "Properties.tla",
                "Source.tla", "TraceMigration.tla")));
    }
}
