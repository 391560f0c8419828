package org.migspec.modelcheck;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Mermaid {@code sequenceDiagram} of an error trace, for QEMU developers.
 *
 * <ul>
 *   <li>One participant per lane (thread) that appears as a step's actor or an event's
 *       thread: source lanes left, destination lanes right, {@code mgmt} at the left
 *       edge, {@code env} at the right edge.  Ids have no slashes
 *       ({@code participant src_migration as src/migration}).</li>
 *   <li>Channel messages as arrows from the sending lane to the receiving lane, drawn
 *       at the step that takes them off the queue and labelled
 *       {@code 7→9 PING 0x1} (sent at step 7, received at step 9); return-path
 *       messages dashed; messages lost to a break or crash as {@code -x} arrows
 *       labelled {@code (lost)}.</li>
 *   <li>Every {@code migrate_set_state} as a note of its own with the new status
 *       ({@code 13: postcopy-device}); runstate changes, injected faults, QMP commands and
 *       other events as short notes, those of a lane in a row in one note
 *       ({@code 12: postcopy_start · runstate finish-migrate}); events that only repeat an
 *       arrow (sending or taking a ping, pong or shut) are left out.</li>
 *   <li>A liveness lasso in a {@code loop} block; stuttering as a final note.</li>
 * </ul>
 * Every label starts with its step number, the number of the state in the numbered steps.
 */
public final class MermaidSequenceDiagram {

    /** Lanes in display order; others go next to their side (src/..., dst/...) or before env. */
    static final List<String> LANE_ORDER = List.of("mgmt", "src/vcpu", "src/main", "src/migration",
            "src/return-path", "dst/main", "dst/listen", "dst/fault", "dst/vcpu", "env");

    /** Events that only repeat an arrow of the diagram (sending or handling a message). */
    private static final List<String> REDUNDANT_EVENT_PREFIXES = List.of("savevm_send_", "qemu_savevm_send_",
            "loadvm_process_command_ping", "source_return_path_thread_pong",
            "source_return_path_thread_shut", "source_return_path_thread_resume_ack",
            "source_return_path_thread_postcopy_package_loaded");

    /** Actors whose every step gets a note, even one without events. */
    private static final Set<String> ALWAYS_NOTED = Set.of("env", "mgmt");

    private MermaidSequenceDiagram() {
    }

    /** The diagram source, without the Markdown fence. */
    public static String render(Counterexample cx, List<ChannelTraffic.Queue> queues) {
        List<TraceState> states = cx.states();
        List<ChannelTraffic.Transfer> traffic = ChannelTraffic.of(states, queues);
        Set<String> used = new LinkedHashSet<>();

        List<String> body = new ArrayList<>();
        Integer loopFrom = cx.backTo();
        String indent = "    ";
        String loopLine = "    loop back to state " + loopFrom + ", forever";
        for (int i = 1; i < states.size(); i++) {
            TraceState s = states.get(i);
            if (loopFrom != null && s.number() == loopFrom + 1) {
                body.add(loopLine);
                indent = "        ";
            }
            for (String line : stepLines(s, traffic, used)) body.add(indent + line);
        }
        TraceState last = states.get(states.size() - 1);
        List<String> tail = new ArrayList<>();
        if (loopFrom != null) {
            tail.add("NOTE_ALL " + last.number() + "→" + loopFrom + ": "
                    + (cx.backToAction() == null ? "" : cx.backToAction() + ", ") + "back to state " + loopFrom);
        }
        if (cx.stuttering())
            tail.add("NOTE_ALL " + (last.number() + 1) + ": stuttering, nothing happens from state " + last.number() + " on");
        List<String> flying = new ArrayList<>();
        for (ChannelTraffic.Transfer t : traffic)
            if (t.inFlight() && t.sender() != null) flying.add(t.label() + " (" + t.sentAt() + ")");
        if (!flying.isEmpty())
            tail.add("NOTE_ALL " + (loopFrom != null ? "queued when the loop closes: " : "still queued at the end: ")
                    + String.join(", ", flying));
        if (used.isEmpty() && tail.isEmpty())
            tail.add("NOTE_ALL " + (states.size() == 1 ? "1: the initial state, no steps" : "no events or messages"));
        if (used.isEmpty() && !tail.isEmpty()) {
            // Nothing drawn yet: hang the notes on the lanes that acted (or a placeholder).
            for (int i = 1; i < states.size(); i++) {
                StepRecord st = StepRecord.of(states.get(i));
                if (st != null) used.add(st.actor());
            }
            if (used.isEmpty()) used.add("trace");
        }

        List<String> ordered = new ArrayList<>(used);
        ordered.sort(Comparator.comparingInt(MermaidSequenceDiagram::laneRank));
        List<String> out = new ArrayList<>();
        out.add("sequenceDiagram");
        for (String lane : ordered) out.add("    participant " + id(lane) + " as " + lane);
        out.addAll(body);
        if (loopFrom != null && !body.contains(loopLine)) out.add(loopLine);
        String all = id(ordered.get(0)) + (ordered.size() > 1 ? "," + id(ordered.get(ordered.size() - 1)) : "");
        for (int i = 0; i < tail.size(); i++) {
            String line = "Note over " + all + ": " + text(tail.get(i).substring("NOTE_ALL ".length()));
            boolean inLoop = loopFrom != null && i == 0;
            out.add((inLoop ? "        " : "    ") + line);
            if (inLoop) out.add("    end");
        }
        return String.join("\n", out) + "\n";
    }

    private static List<String> stepLines(TraceState s, List<ChannelTraffic.Transfer> traffic, Set<String> used) {
        StepRecord step = StepRecord.of(s);
        List<String> arrows = new ArrayList<>();
        // Received messages one arrow each; lost ones one arrow per sending step.
        Map<String, List<ChannelTraffic.Transfer>> lostGroups = new LinkedHashMap<>();
        for (ChannelTraffic.Transfer t : traffic) {
            if (t.receivedAt() == null || t.receivedAt() != s.number() || t.sender() == null) continue;
            if (t.lost()) {
                lostGroups.computeIfAbsent(t.queue().name() + "|" + t.sender() + "|" + t.receiver() + "|" + t.sentAt(),
                        k -> new ArrayList<>()).add(t);
                continue;
            }
            arrows.add(id(t.sender()) + (t.queue().returnPath() ? "-->>" : "->>") + id(t.receiver()) + ": "
                    + text(t.sentAt() + "→" + s.number() + " " + t.label()));
            used.add(t.sender());
            used.add(t.receiver());
        }
        for (List<ChannelTraffic.Transfer> g : lostGroups.values()) {
            ChannelTraffic.Transfer t = g.get(0);
            List<String> labels = new ArrayList<>();
            for (ChannelTraffic.Transfer x : g) labels.add(x.label());
            arrows.add(id(t.sender()) + (t.queue().returnPath() ? "--x" : "-x") + id(t.receiver()) + ": "
                    + text(t.sentAt() + "→" + s.number() + " " + String.join(", ", labels) + " (lost)"));
            used.add(t.sender());
            used.add(t.receiver());
        }
        // Notes in event order: a status change is a note of its own; other events of the
        // same lane in a row share one.
        List<String> noteLanes = new ArrayList<>();
        List<List<String>> noteItems = new ArrayList<>();
        boolean lastWasStatus = false;
        if (step != null) {
            Map<String, Long> perName = new LinkedHashMap<>();
            for (TraceEvent e : step.events()) perName.merge(e.ev(), 1L, Long::sum);
            Set<String> seen = new LinkedHashSet<>();
            for (TraceEvent e : step.events()) {
                boolean status = e.ev().equals("migrate_set_state");
                // An event repeated within a step (one per phase of a handler) shows once, by name.
                boolean repeated = perName.get(e.ev()) > 1 && !status;
                if (repeated && !seen.add(e.ev())) continue;
                String note = repeated ? (isRedundant(e) ? null : e.ev()) : noteFor(e);
                if (note == null) continue;
                String lane = step.laneOf(e);
                int last = noteLanes.size() - 1;
                if (!status && !lastWasStatus && last >= 0 && noteLanes.get(last).equals(lane)) {
                    noteItems.get(last).add(note);
                } else {
                    noteLanes.add(lane);
                    noteItems.add(new ArrayList<>(List.of(note)));
                }
                lastWasStatus = status;
            }
            if (ALWAYS_NOTED.contains(step.actor()) && noteLanes.isEmpty() && arrows.isEmpty()) {
                noteLanes.add(step.actor());
                noteItems.add(List.of(step.action()));
            }
        }
        List<String> noteLines = new ArrayList<>();
        for (int i = 0; i < noteLanes.size(); i++) {
            noteLines.add("Note over " + id(noteLanes.get(i)) + ": "
                    + text(s.number() + ": " + String.join(" · ", noteItems.get(i))));
            used.add(noteLanes.get(i));
        }
        List<String> lines = new ArrayList<>();
        if (!lostGroups.isEmpty()) {
            lines.addAll(noteLines);
            lines.addAll(arrows);
        } else {
            lines.addAll(arrows);
            lines.addAll(noteLines);
        }
        return lines;
    }

    /** The note text for an event, or null to leave it out. */
    static String noteFor(TraceEvent e) {
        if (isRedundant(e)) return null;
        Object state = e.arg("new_state");
        switch (e.ev()) {
            case "migrate_set_state":
                return state instanceof String st ? st : e.display();
            case "runstate_set":
                return "runstate " + (state instanceof String st ? st : e.argsText());
            case "x_inject_fault":
                return "FAULT " + (e.arg("fault") instanceof String f ? f : e.argsText());
            case "migration_block_activation":
                return "block " + (e.arg("name") instanceof String n ? n : e.argsText());
            default:
                break;
        }
        if (e.ev().startsWith("qmp_enter_")) {
            String cmd = e.ev().substring("qmp_enter_".length()).replace('_', '-');
            return "QMP " + cmd + (Boolean.TRUE.equals(e.arg("resume")) ? " (resume)" : "");
        }
        return e.argsText().isEmpty() ? e.ev() : e.display();
    }

    private static boolean isRedundant(TraceEvent e) {
        for (String p : REDUNDANT_EVENT_PREFIXES) if (e.ev().startsWith(p)) return true;
        return false;
    }

    static int laneRank(String lane) {
        int i = LANE_ORDER.indexOf(lane);
        if (i >= 0) return i * 10;
        if (lane.startsWith("src/")) return LANE_ORDER.indexOf("src/return-path") * 10 + 1;
        if (lane.startsWith("dst/")) return LANE_ORDER.indexOf("dst/vcpu") * 10 + 1;
        return LANE_ORDER.indexOf("env") * 10 - 1;
    }

    /** A participant id: the lane with every character but letters, digits and '_' replaced. */
    static String id(String lane) {
        String id = lane.replaceAll("[^A-Za-z0-9_]", "_");
        return id.isEmpty() || Character.isDigit(id.charAt(0)) ? "l_" + id : id;
    }

    /** Message or note text: no line breaks, and no ';' or '#' (Mermaid statement and entity syntax). */
    static String text(String s) {
        return s.replace("\n", " ").replace(";", ",").replace("#", "no.").replace("%%", "%");
    }
}
