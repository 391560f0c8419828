package org.migspec.impl.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The predicates of ground truth §2, state by state. */
class MigrationStatusTest {

    @Test
    void enumOrderIsQapis() {
        assertEquals(17, MigrationStatus.values().length);
        assertEquals(5, MigrationStatus.POSTCOPY_DEVICE.ordinal());
        // 11.0 put failing between completed and failed (qapi/migration.json at d1ab9655fd)
        assertEquals(MigrationStatus.COMPLETED.ordinal() + 1, MigrationStatus.FAILING.ordinal());
        assertEquals(MigrationStatus.FAILING, MigrationStatus.fromQapi("failing"));
        assertEquals("postcopy-recover-setup", MigrationStatus.POSTCOPY_RECOVER_SETUP.qapi());
    }

    @Test
    void predicates() {
        EnumSet<MigrationStatus> inPostcopy = EnumSet.noneOf(MigrationStatus.class);
        EnumSet<MigrationStatus> alive = EnumSet.noneOf(MigrationStatus.class);
        EnumSet<MigrationStatus> active = EnumSet.noneOf(MigrationStatus.class);
        for (MigrationStatus m : MigrationStatus.values()) {
            if (m.inPostcopy()) {
                inPostcopy.add(m);
            }
            if (m.postcopyIsAlive()) {
                alive.add(m);
            }
            if (m.isActive()) {
                active.add(m);
            }
        }
        assertEquals(EnumSet.of(MigrationStatus.POSTCOPY_DEVICE, MigrationStatus.POSTCOPY_ACTIVE,
                MigrationStatus.POSTCOPY_PAUSED, MigrationStatus.POSTCOPY_RECOVER_SETUP,
                MigrationStatus.POSTCOPY_RECOVER), inPostcopy);
        assertEquals(EnumSet.of(MigrationStatus.POSTCOPY_ACTIVE, MigrationStatus.POSTCOPY_RECOVER), alive);
        assertEquals(EnumSet.of(MigrationStatus.ACTIVE, MigrationStatus.POSTCOPY_DEVICE,
                MigrationStatus.POSTCOPY_ACTIVE), active);
        assertTrue(MigrationStatus.CANCELLING.isRunning());
        assertTrue(MigrationStatus.FAILING.isRunning());
        assertFalse(MigrationStatus.FAILED.isRunning());
        assertFalse(MigrationStatus.COMPLETED.isRunning());
        assertFalse(MigrationStatus.NONE.isRunning());
        assertTrue(MigrationStatus.POSTCOPY_RECOVER_SETUP.postcopyIsPaused());
    }

    @Test
    void variantsDifferWhereTheGroundTruthSays() {
        assertFalse(Variant.LEGACY.cancelRefusedInPostcopy());
        assertTrue(Variant.V4.cancelRefusedInPostcopy());
        assertFalse(Variant.V1.destinationPostcopyDevice());
        assertTrue(Variant.FIX.destinationPostcopyDevice());
        assertTrue(Variant.V4.noStartIfActivationFails());
        // v1 is the posting on 10.2's code base (spec/README.md): 26f65c01ed included; 7.2 has it not
        assertTrue(Variant.V1.noStartIfActivationFails());
        assertFalse(Variant.LEGACY.noStartIfActivationFails());
        assertEquals(Variant.FIX, Variant.parse("fix"));
        // v11: v4 plus FAILING on the source's error paths
        assertEquals(Variant.V11, Variant.parse("v11"));
        assertTrue(Variant.V11.destinationPostcopyDevice());
        assertTrue(Variant.V11.cancelRefusedInPostcopy());
        assertEquals(MigrationStatus.FAILING, Variant.V11.sourceFailState());
        for (Variant v : Variant.values()) {
            if (v != Variant.V11) {
                assertEquals(MigrationStatus.FAILED, v.sourceFailState(), v.cliName());
            }
        }
    }
}
