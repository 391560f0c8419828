package org.migspec.checker.spec;

import tlc2.value.IValue;
import tlc2.value.impl.BoolValue;
import tlc2.value.impl.Enumerable;
import tlc2.value.impl.FcnRcdValue;
import tlc2.value.impl.IntValue;
import tlc2.value.impl.ModelValue;
import tlc2.value.impl.RecordValue;
import tlc2.value.impl.SetEnumValue;
import tlc2.value.impl.StringValue;
import tlc2.value.impl.TupleValue;
import tlc2.value.impl.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** TLC values as plain Java: Boolean, Long, String, List (tuples), Map (records, functions), Set. */
public final class TlaValues {
    private TlaValues() {
    }

    public static Object toJava(IValue iv) {
        Value v = (Value) iv;
        if (v instanceof BoolValue b) return b.val;
        if (v instanceof IntValue i) return (long) i.val;
        if (v instanceof StringValue s) return s.getVal().toString();
        if (v instanceof ModelValue m) return m.val.toString();
        if (v instanceof RecordValue r) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < r.names.length; i++) m.put(r.names[i].toString(), toJava(r.values[i]));
            return m;
        }
        if (v instanceof TupleValue t) {
            List<Object> l = new ArrayList<>(t.elems.length);
            for (Value e : t.elems) l.add(toJava(e));
            return l;
        }
        if (v instanceof Enumerable) {
            SetEnumValue se = (SetEnumValue) v.toSetEnum();
            se.normalize();
            Set<Object> s = new LinkedHashSet<>();
            for (int i = 0; i < se.elems.size(); i++) s.add(toJava(se.elems.elementAt(i)));
            return s;
        }
        Value t = v.toTuple();
        if (t instanceof TupleValue) return toJava(t);
        Value r = v.toRcd();
        if (r instanceof RecordValue) return toJava(r);
        Value f = v.toFcnRcd();
        if (f instanceof FcnRcdValue fr) {
            Value[] dom = fr.getDomainAsValues();
            Map<Object, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < dom.length; i++) m.put(toJava(dom[i]), toJava(fr.values[i]));
            return m;
        }
        throw new IllegalArgumentException("unsupported TLC value " + v.getKindString());
    }

    /** Reads a state's `step` record. */
    @SuppressWarnings("unchecked")
    public static StepInfo step(IValue stepValue) {
        Map<String, Object> m = (Map<String, Object>) toJava(stepValue);
        List<SpecEvent> events = new ArrayList<>();
        for (Object o : (List<Object>) m.get("events")) {
            Map<String, Object> e = (Map<String, Object>) o;
            Object args = e.get("args");
            Map<String, Object> a = args instanceof Map<?, ?> am ? (Map<String, Object>) am : Map.of();
            events.add(new SpecEvent((String) e.get("th"), (String) e.get("ev"), a));
        }
        List<String> spawns = new ArrayList<>();
        Object sp = m.get("spawns");
        if (sp instanceof java.util.Collection<?> c) {
            for (Object t : c) spawns.add((String) t);
        }
        return new StepInfo((String) m.get("actor"), (String) m.get("action"), events, List.copyOf(spawns));
    }
}
