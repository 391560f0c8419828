package org.migspec.modelcheck;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of a model's PROPERTIES may be the one a liveness violation is about.  TLC
 * reports "Temporal properties were violated." without a name, but names action
 * properties ({@code [][A]_v}) when they fail.  A property is counted as an action
 * property when its definition in the spec's modules starts with {@code [][};
 * everything else (and anything not found) is a candidate.
 */
public final class TemporalProperties {

    private TemporalProperties() {
    }

    /** The temporal (non-action) properties among {@code properties}, in order. */
    public static List<String> candidates(List<String> properties, Path specDir) {
        String text = modulesText(specDir);
        List<String> out = new ArrayList<>();
        for (String p : properties) if (!isActionProperty(p, text)) out.add(p);
        return out;
    }

    static boolean isActionProperty(String name, String modules) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + "\\s*==\\s*").matcher(modules);
        if (!m.find()) return false;
        String body = modules.substring(m.end());
        // skip comments between == and the body
        body = body.replaceAll("^(\\s*(\\\\\\*[^\\n]*\\n|\\(\\*(?s:.*?)\\*\\)))*\\s*", "");
        return body.startsWith("[][");
    }

    private static String modulesText(Path dir) {
        StringBuilder sb = new StringBuilder();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tla")) {
            for (Path p : ds) sb.append(Files.readString(p)).append('\n');
        } catch (IOException e) {
            return "";
        }
        return sb.toString();
    }
}
