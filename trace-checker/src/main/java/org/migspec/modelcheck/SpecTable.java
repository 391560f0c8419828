package org.migspec.modelcheck;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code make spec-table}: writes the property table ({@link PropertyTable}) of a full
 * {@code make check-spec} run into {@code spec/README.md}.  It refuses a {@code results.json}
 * that lacks a model of the manifest (a {@code --quick} or {@code --only} run), has one the
 * manifest does not, or has a model that did not go as expected: the README's table is the
 * whole matrix, green.  Exit code 0: written (or, with {@code --check}, the README already
 * says it); 1: {@code --check} and the README differs; 2: bad input; 3: internal error.
 */
@Command(name = "spec-table", sortOptions = false,
        description = {"Writes the per-variant property table of a full check-spec run into the spec's README.",
                "Exit code: 0 written (or up to date with --check), 1 --check and out of date, 2 bad input, 3 internal error.", ""})
public final class SpecTable implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--results", paramLabel = "FILE", description = "A full run's results (default: ${DEFAULT-VALUE}).")
    Path results = Path.of("build/spec/results.json");

    @Option(names = "--manifest", paramLabel = "FILE", description = "The manifest (default: ${DEFAULT-VALUE}).")
    Path manifestFile = Path.of("spec/manifest.json");

    @Option(names = "--readme", paramLabel = "FILE", description = "Where the table goes (default: ${DEFAULT-VALUE}).")
    Path readme = Path.of("spec/README.md");

    @Option(names = "--expected", description = "Without a run: the table the manifest predicts (every model as expected), which a green make check-spec writes.")
    boolean expected;

    @Option(names = "--check", description = "Do not write: exit 1 if the README's table is not this one.")
    boolean check;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        System.exit(execute(args, null, null));
    }

    public static int execute(String[] args, PrintStream out, PrintStream err) {
        SpecTable cmd = new SpecTable();
        if (out != null) cmd.out = out;
        if (err != null) cmd.err = err;
        return ToolCommandLine.execute("spec-table", cmd, cmd.out, cmd.err, args);
    }

    @Override
    public Integer call() throws BadInputException, IOException {
        Manifest manifest = Manifest.load(manifestFile);
        List<PropertyTable.Row> rows = expected ? PropertyTable.fromManifest(manifest) : PropertyTable.fromResults(results);
        Set<String> ran = rows.stream().map(PropertyTable.Row::name).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (ModelEntry m : manifest.models()) if (!ran.contains(m.name())) missing.add(m.name());
        if (!missing.isEmpty())
            throw new BadInputException(results + ": models: " + missing.size() + " of the manifest's "
                    + manifest.models().size() + " did not run (first: " + missing.get(0)
                    + "); the table needs a full `make check-spec`");
        for (PropertyTable.Row r : rows) {
            if (manifest.model(r.name()) == null)
                throw new BadInputException(results + ": models: \"" + r.name() + "\" is not in " + manifestFile);
            if (!r.match())
                throw new BadInputException(results + ": models: \"" + r.name()
                        + "\" did not go as expected; the table is written from a green matrix only");
        }
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            throw new BadInputException(readme + ": cannot read: " + e.getMessage());
        }
        String table = PropertyTable.render(rows);
        String updated = PropertyTable.replaceBlock(text, table, readme);
        if (check) {
            boolean same = updated.equals(text);
            out.println(readme + (same ? ": the property table is " + results + "'s"
                    : ": the property table differs from " + results + "'s (run make spec-table)"));
            return same ? 0 : 1;
        }
        Files.writeString(readme, updated);
        out.println(readme + ": property table written from " + (expected ? manifestFile + "'s expected outcomes" : results)
                + " (" + rows.size() + " models)");
        return 0;
    }
}
