package org.migspec.checker.report;

import java.util.List;
import java.util.Locale;

/**
 * JUnit XML for CI systems: one testsuite, one testcase per run (name = the run), a
 * {@code failure} for a rejected or undecided run and an {@code error} for bad input or
 * an internal error; the message is the one-line reason, the body the text report.
 */
public final class JunitReport {
    private JunitReport() {
    }

    public static String render(List<RunRecord> runs, double seconds) {
        int failures = 0, errors = 0;
        for (RunRecord r : runs) {
            if (r.exitCode() == 1) failures++;
            else if (r.exitCode() >= 2) errors++;
        }
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format(Locale.ROOT, "<testsuites tests=\"%d\" failures=\"%d\" errors=\"%d\" time=\"%.3f\">%n",
                runs.size(), failures, errors, seconds));
        sb.append(String.format(Locale.ROOT, "  <testsuite name=\"migspec-check\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
                + "skipped=\"0\" time=\"%.3f\">%n", runs.size(), failures, errors, seconds));
        for (RunRecord r : runs) {
            String cls = "migspec.check." + (r.configKey() == null ? "unknown" : r.configKey());
            sb.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\"",
                    attr(cls), attr(r.name()), r.searchNanos() / 1e9));
            if (r.exitCode() == 0) {
                sb.append(">\n      <system-out>").append(cdata(r.text())).append("</system-out>\n    </testcase>\n");
                continue;
            }
            String tag = r.exitCode() == 1 ? "failure" : "error";
            sb.append(">\n      <").append(tag).append(" type=\"").append(attr(r.verdict())).append("\" message=\"")
                    .append(attr(r.reason())).append("\">").append(cdata(r.text())).append("</").append(tag).append(">\n");
            sb.append("    </testcase>\n");
        }
        sb.append("  </testsuite>\n</testsuites>\n");
        return sb.toString();
    }

    static String attr(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                default -> {
                    if (c < 0x20 && c != '\t') sb.append(' ');
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }

    static String cdata(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) sb.append(c < 0x20 && c != '\n' && c != '\t' && c != '\r' ? ' ' : c);
        return "<![CDATA[" + sb.toString().replace("]]>", "]]]]><![CDATA[>") + "]]>";
    }
}
