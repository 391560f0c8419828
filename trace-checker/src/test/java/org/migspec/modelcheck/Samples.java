package org.migspec.modelcheck;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.net.URISyntaxException;

/** Test resources under {@code modelcheck/}. */
final class Samples {

    private Samples() {
    }

    static String text(String resource) {
        try (InputStream in = Samples.class.getResourceAsStream("/modelcheck/" + resource)) {
            if (in == null) throw new IllegalArgumentException("no test resource modelcheck/" + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path path(String resource) {
        try {
            return Path.of(Samples.class.getResource("/modelcheck/" + resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A toy sample {@code samples/NAME.out}: TLC's exit code (first line "# exit N") and output. */
    record Toy(int exitCode, TlcToolOutput output) {
    }

    static Toy toy(String name) {
        String text = text("samples/" + name + ".out");
        int nl = text.indexOf('\n');
        int exit = Integer.parseInt(text.substring(0, nl).replace("# exit", "").strip());
        return new Toy(exit, TlcToolOutput.parse(text.substring(nl + 1)));
    }
}
