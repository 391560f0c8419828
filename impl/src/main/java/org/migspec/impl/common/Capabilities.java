package org.migspec.impl.common;

import java.util.Map;
import java.util.TreeMap;

/**
 * Migration capabilities (migrate-set-capabilities). {@code return-path} is implied by
 * {@code postcopy-ram} as in QEMU; it can be set on its own, and turned off explicitly for
 * the no-return-path case (C13).
 */
public final class Capabilities {
    public static final String EVENTS = "events";
    public static final String POSTCOPY_RAM = "postcopy-ram";
    public static final String PAUSE_BEFORE_SWITCHOVER = "pause-before-switchover";
    public static final String RETURN_PATH = "return-path";
    /** Destination: the precopy bottom half leaves the image inactive unless it starts the VM (cont does it). */
    public static final String LATE_BLOCK_ACTIVATE = "late-block-activate";

    private final Map<String, Boolean> caps = new TreeMap<>();
    private boolean returnPathExplicitlyOff;

    public Capabilities() {
        caps.put(EVENTS, false);
        caps.put(POSTCOPY_RAM, false);
        caps.put(PAUSE_BEFORE_SWITCHOVER, false);
        caps.put(RETURN_PATH, false);
        caps.put(LATE_BLOCK_ACTIVATE, false);
    }

    public static boolean known(String name) {
        return EVENTS.equals(name) || POSTCOPY_RAM.equals(name) || PAUSE_BEFORE_SWITCHOVER.equals(name)
                || RETURN_PATH.equals(name) || LATE_BLOCK_ACTIVATE.equals(name);
    }

    public synchronized void set(String name, boolean on) {
        caps.put(name, on);
        if (RETURN_PATH.equals(name)) {
            returnPathExplicitlyOff = !on;
        }
    }

    public synchronized boolean events() {
        return caps.get(EVENTS);
    }

    public synchronized boolean postcopyRam() {
        return caps.get(POSTCOPY_RAM);
    }

    public synchronized boolean pauseBeforeSwitchover() {
        return caps.get(PAUSE_BEFORE_SWITCHOVER);
    }

    public synchronized boolean lateBlockActivate() {
        return caps.get(LATE_BLOCK_ACTIVATE);
    }

    /** migrate_use_return_path(): the explicit cap, or implied by postcopy-ram unless turned off. */
    public synchronized boolean returnPath() {
        if (returnPathExplicitlyOff) {
            return false;
        }
        return caps.get(RETURN_PATH) || caps.get(POSTCOPY_RAM);
    }

    public synchronized Map<String, Boolean> snapshot() {
        Map<String, Boolean> m = new TreeMap<>(caps);
        m.put(RETURN_PATH, returnPath());
        return m;
    }
}
