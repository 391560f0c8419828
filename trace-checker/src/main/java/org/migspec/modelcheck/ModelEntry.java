package org.migspec.modelcheck;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One model of the manifest, with the defaults already applied: model constants
 * override default constants key by key; invariants, properties, view,
 * checkDeadlock, specification and workers replace the defaults when given.
 *
 * @param name          the model's name (also its directory and cfg file name)
 * @param quick         part of the quick selection ({@code --quick})
 * @param description   one paragraph (cfg header, counterexample title); may be empty
 * @param constants     constant name to JSON value, defaults first, in manifest order
 * @param invariants    INVARIANTS
 * @param properties    PROPERTIES
 * @param view          VIEW, or null for none
 * @param checkDeadlock CHECK_DEADLOCK
 * @param specification SPECIFICATION (default {@code Spec})
 * @param workers       TLC workers
 * @param expected      the expected outcome
 * @param recorded      the last recorded numbers, or null
 */
public record ModelEntry(String name, boolean quick, String description, Map<String, JsonNode> constants,
                         List<String> invariants, List<String> properties, String view, boolean checkDeadlock,
                         String specification, int workers, Expected expected, Recorded recorded) {

    /** The {@code Variant} constant, or null. */
    public String variant() {
        JsonNode v = constants.get("Variant");
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** The {@code Faults} constant's elements (empty without faults). */
    public List<String> faults() {
        List<String> out = new ArrayList<>();
        JsonNode f = constants.get("Faults");
        if (f != null && f.isArray()) f.forEach(x -> out.add(x.asText()));
        return out;
    }
}
