package org.migspec.impl.common;

import java.util.Locale;

/**
 * The five protocol variants, named as in the TLA+ spec.
 *
 * <ul>
 *   <li>{@code legacy}: QEMU 7.2 as recorded (no postcopy-device, no device state on the postcopy
 *       path, source sets postcopy-active before stopping its vCPUs, cancel accepted in postcopy).</li>
 *   <li>{@code v1}: the first posted POSTCOPY_DEVICE patch (source side only, return-path thread does
 *       the CAS on PONG 0x42, completion allowed from postcopy-device) on 10.2's code base for everything else (26f65c01ed, the destination without postcopy-device), as the spec defines it.</li>
 *   <li>{@code v4}: QEMU 10.2 as merged (flag + event, migration thread does S20).</li>
 *   <li>{@code v11}: QEMU 11.x: v4 plus MIGRATION_STATUS_FAILING (d1ab9655fd): a source error writes
 *       FAILING where 10.2 wrote FAILED, and migration_cleanup takes FAILING to FAILED.</li>
 *   <li>{@code fix}: v4 plus F1 (return-path exit wakes the migration thread), F2 (coroutine shuts the
 *       main channel when the package fails), F3 (the RUN bottom half claims the switchover, activates
 *       the image, then sends the deferred PONG 0x42), F4 (an error in postcopy-device pauses when
 *       the destination holds the image), F5 (the listen thread's failure is a fixed-old CAS; it
 *       pauses when the RUN bottom half won), F6 (a failed completion in postcopy-active pauses) and
 *       F4'/F7 (a destination that reported its failure before PONG 0x42 never ran: fail, and wait
 *       in paused for cont even if the image's locks are someone else's) and F4'' (the main stream
 *       is half-closed before F4's join, so that a healthy destination ends the return path).</li>
 * </ul>
 */
public enum Variant {
    LEGACY, V1, V4, V11, FIX;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Variant parse(String s) {
        for (Variant v : values()) {
            if (v.cliName().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + s + "' (expected legacy, v1, v4, v11 or fix)");
    }

    /**
     * fix (F4', F7): the return path's SHUT(1) with no PONG 0x42 before it proves the destination
     * never ran the guest (F3 sends PONG 0x42 before the vCPUs start, the return path is FIFO), so
     * an error in postcopy-device fails the migration even if re-activating the image fails (a
     * third process may hold its locks), and the source waits in PAUSED, where {@code cont} works
     * once the locks are free, instead of FINISH_MIGRATE, where it is refused (spec fix_lock_holder).
     */
    public boolean failsWhenDestinationReportedFailure() {
        return this == FIX;
    }

    /** QEMU 10.0+: DEVICE is part of every switchover and SWITCHOVER_START is sent. */
    public boolean deviceInEverySwitchover() {
        return this != LEGACY;
    }

    /** The source enters POSTCOPY_DEVICE at the end of postcopy_start (S18). */
    public boolean sourcePostcopyDevice() {
        return this != LEGACY;
    }

    /** The destination enters POSTCOPY_DEVICE at LISTEN (D6) and leaves it at RUN (D7): 10.2 and later. */
    public boolean destinationPostcopyDevice() {
        return this == V4 || this == V11 || this == FIX;
    }

    /**
     * QEMU 11.x (d1ab9655fd): a source error on the way to migration_cleanup writes FAILING, and
     * migration_cleanup writes FAILED (spec SrcFailState).  The destination still writes FAILED.
     */
    public boolean failingStatus() {
        return this == V11;
    }

    /** The status a source error writes where QEMU 10.2 wrote FAILED (S3, S19, S22, S25). */
    public MigrationStatus sourceFailState() {
        return failingStatus() ? MigrationStatus.FAILING : MigrationStatus.FAILED;
    }

    /** migrate_cancel is refused while migration_in_postcopy() (since QEMU 8.x); 7.2 accepts it. */
    public boolean cancelRefusedInPostcopy() {
        return this != LEGACY;
    }

    /** 7.2's return-path thread pauses itself in postcopy (postcopy_pause_return_path). */
    public boolean returnPathThreadPauses() {
        return this == LEGACY;
    }

    /**
     * Commit 26f65c01ed (10.2): do not start the source VM if block re-activation fails. v1 is the
     * posting on 10.2's code base for everything it did not change (spec/README.md), so it has it too.
     */
    public boolean noStartIfActivationFails() {
        return this != LEGACY;
    }

    /** QEMU 10.x names and trace events (migration_cancel, migration_cleanup, migrate_error, ...). */
    public boolean modernTraceNames() {
        return this != LEGACY;
    }

    public boolean isFix() {
        return this == FIX;
    }

    // ---- one method per protocol decision; the call sites name the decision, not the variant

    /**
     * The code path is QEMU 7.2's function as a whole (migration_completion's precopy switchover,
     * the RUN bottom half, process_incoming_migration_co's end): forked, not branched, because 7.2
     * orders those steps differently throughout. postcopy_start is one path that asks the
     * decisions below instead.
     */
    public boolean qemu72CodePath() {
        return this == LEGACY;
    }

    /**
     * S20: in POSTCOPY_DEVICE the migration thread waits for postcopy_package_loaded_event (10.2,
     * migration.c:3212-3230); in v1 the return-path thread does the CAS itself on PONG 0x42.
     */
    public boolean waitsForPackageLoaded() {
        return this != V1;
    }

    /**
     * 7.2's postcopy_start writes ACTIVE -> POSTCOPY_ACTIVE first, before it takes the BQL and stops
     * the vCPUs, stays in POSTCOPY_ACTIVE through the switchover (its only pause is PRE_SWITCHOVER)
     * and fails with a fixed-old CAS from POSTCOPY_ACTIVE. 10.x switches over through DEVICE and
     * ends with S18 (postcopy_start, migration.c:2456-2644).
     */
    public boolean postcopyActiveBeforeVmStop() {
        return this == LEGACY;
    }

    /**
     * 10.x's postcopy_start stops the vCPUs with migration_stop_vm (vm_old_state saved) and its fail
     * path re-activates the image: a failed start gives the guest back to the source
     * (migration_iteration_finish restarts it). 7.2 sets vm_was_running only in
     * migration_completion, and its restart_block is false at the fail points modelled here: the VM
     * stays stopped (postmigrate) and the image inactive.
     */
    public boolean postcopyStartFailureRestartsSource() {
        return this != LEGACY;
    }

    /**
     * 10.x's postcopy_start checks the stream once more before it sends the package, "the last
     * point of recovery" (migration.c:2571-2579). The legacy path has never had this check, although
     * QEMU 7.2 has it too ("Migration stream errored (pre package)", with restart_block set) and the
     * spec's PostcopyStartRest models it for every variant: a known difference, kept when
     * postcopy_start became one path so that no trace changed.
     */
    public boolean postcopyStartChecksBeforePackage() {
        return this != LEGACY;
    }

    /** v1 (the first posting): PING 0x42 and S18 to POSTCOPY_DEVICE even without a return path. */
    public boolean postcopyDeviceWithoutReturnPath() {
        return this == V1;
    }

    /** v1: migration_completion runs from POSTCOPY_DEVICE too (10.2 only from POSTCOPY_ACTIVE, C1). */
    public boolean completesFromPostcopyDevice() {
        return this == V1;
    }

    /**
     * 7.2: migration_completion ends with a fixed-old CAS from the state it started in (DEVICE after
     * pause-before-switchover); 10.x migration_completion_end reads then CASes.
     */
    public boolean completionFixedOldCas() {
        return this == LEGACY;
    }

    /** S7 POSTCOPY_PAUSED -> POSTCOPY_RECOVER_SETUP (10.x, migration.c:1911); 7.2 has no such status. */
    public boolean hasRecoverSetupState() {
        return this != LEGACY;
    }

    /** migrate-pause is accepted in postcopy-recover too (10.x, C8); 7.2 only in postcopy-active. */
    public boolean migratePauseInRecover() {
        return this != LEGACY;
    }

    /** D2/D3: the destination passes through SETUP (10.x); 7.2 goes NONE -> ACTIVE, the event untraced. */
    public boolean incomingHasSetupState() {
        return this != LEGACY;
    }

    /**
     * 7.2's listen thread ends the incoming migration itself (cleanup inline, exit(1) at once); 10.x
     * schedules a bottom half for it (postcopy-ram.c:2081-2102).
     */
    public boolean listenThreadEndsWithoutBh() {
        return this == LEGACY;
    }

    /**
     * D7 POSTCOPY_DEVICE -> POSTCOPY_ACTIVE when RUN is handled (10.2, savevm.c:2163-2187); fix
     * moves it into the RUN bottom half (F3), and the earlier variants have no POSTCOPY_DEVICE there.
     */
    public boolean postcopyDeviceEndsAtRun() {
        return this == V4 || this == V11;
    }

    /**
     * `cont` on an incoming destination only sets autostart (10.x: the RUN or incoming bottom half
     * activates the image); 7.2's qmp_cont activates the image first, then sets autostart.
     */
    public boolean contInIncomingOnlySetsAutostart() {
        return this != LEGACY;
    }
}
