package org.migspec.checker.spec;

import java.util.List;

/**
 * Which variant of the spec models a QEMU release, for runs whose variant comes from the
 * QEMU version in their QMP greeting (RunDiscovery).  A version belongs to the last range
 * that starts at or before it; a version before the first range has no variant.
 */
public final class QemuVersions {
    /**
     * @param major   first major of the range
     * @param minor   first minor of the range
     * @param variant the spec's Variant for it
     * @param why     what starts the range (for the report and the tests)
     */
    public record Range(int major, int minor, String variant, String why) {
        boolean startsAtOrBefore(int maj, int min) {
            return major < maj || (major == maj && minor <= min);
        }

        public String from() {
            return major + "." + minor;
        }
    }

    /** Ascending. */
    public static final List<Range> RANGES = List.of(
            // the legacy variant is QEMU 7.2's code; before 7.0 nobody compared it with the spec
            new Range(7, 0, "legacy", "the oldest release the legacy variant (QEMU 7.2's code) is taken to cover"),
            new Range(10, 2, "v4", "postcopy-device, 7b842fe354"),
            new Range(11, 0, "v11", "MIGRATION_STATUS_FAILING, d1ab9655fd"));

    private QemuVersions() {
    }

    /** The variant of QEMU major.minor, or null if none models it. */
    public static String variantFor(int major, int minor) {
        String v = null;
        for (Range r : RANGES) if (r.startsAtOrBefore(major, minor)) v = r.variant();
        return v;
    }

    /** "legacy 7.0 to 10.1, v4 10.2 to 10.x, v11 11.0 and later", for error messages. */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < RANGES.size(); i++) {
            Range r = RANGES.get(i);
            if (i > 0) sb.append(", ");
            sb.append(r.variant()).append(" from ").append(r.from());
        }
        return sb.toString();
    }
}
