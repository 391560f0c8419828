package org.migspec.checker.spec;

import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.StringNode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which trace events each action can emit, read off the spec's syntax tree: the event
 * names (strings of TracedEvents) in an operator's body and in the operators it uses.
 * Used only to explain a rejection ("these actions could have produced this event").
 */
final class EventSources {
    private final Set<String> vocabulary;
    private final Map<OpDefNode, Set<String>> memo = new HashMap<>();

    EventSources(Set<String> vocabulary) {
        this.vocabulary = vocabulary;
    }

    Set<String> of(SemanticNode node) {
        Set<String> out = new HashSet<>();
        collect(node, out, new HashSet<>());
        return out;
    }

    private void collect(SemanticNode n, Set<String> out, Set<SemanticNode> seen) {
        if (n == null || !seen.add(n)) return;
        if (n instanceof StringNode s) {
            String v = s.getRep().toString();
            if (vocabulary.contains(v)) out.add(v);
            return;
        }
        if (n instanceof OpApplNode a && a.getOperator() instanceof OpDefNode d && d.getBody() != null) {
            out.addAll(ofDef(d));
        }
        SemanticNode[] kids = n.getChildren();
        if (kids != null) for (SemanticNode k : kids) collect(k, out, seen);
    }

    private Set<String> ofDef(OpDefNode d) {
        Set<String> cached = memo.get(d);
        if (cached != null) return cached;
        memo.put(d, Set.of()); // recursion guard (RECURSIVE operators)
        Set<String> s = new HashSet<>();
        collect(d.getBody(), s, new HashSet<>());
        memo.put(d, s);
        return s;
    }
}
