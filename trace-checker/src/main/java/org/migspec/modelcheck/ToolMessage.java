package org.migspec.modelcheck;

import java.util.ArrayList;
import java.util.List;

/**
 * One message of TLC's {@code -tool} output:
 * {@code @!@!@STARTMSG code:class @!@!@} ... {@code @!@!@ENDMSG code @!@!@}.
 * Messages nest (an evaluation error carries its cause as a child message).
 *
 * @param code     TLC's message code (tlc2.output.EC), e.g. 2110 "invariant violated"
 * @param severity TLC's message class: 0 info, 1 error, 2 TLC bug, 3 warning, 4 state
 * @param lines    the message's own text lines (children excluded)
 * @param children nested messages, in order
 */
public record ToolMessage(int code, int severity, List<String> lines, List<ToolMessage> children) {

    public static final int ERROR = 1;
    public static final int TLC_BUG = 2;
    public static final int WARNING = 3;
    public static final int STATE = 4;

    ToolMessage(int code, int severity) {
        this(code, severity, new ArrayList<>(), new ArrayList<>());
    }

    /** The message's own text, trailing blank lines removed. */
    public String text() {
        return String.join("\n", lines).strip();
    }

    /** The message's text followed by its children's, one paragraph each. */
    public String fullText() {
        StringBuilder sb = new StringBuilder(text());
        for (ToolMessage c : children) {
            String t = c.fullText();
            if (t.isEmpty()) continue;
            if (sb.length() > 0) sb.append('\n');
            sb.append(t);
        }
        return sb.toString();
    }

    public boolean isError() {
        return severity == ERROR || severity == TLC_BUG;
    }
}
