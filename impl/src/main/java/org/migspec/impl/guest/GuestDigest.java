package org.migspec.impl.guest;

/**
 * What a side holds of the guest: per-page version and body checksum, the device-state counter and
 * blob checksum, and how many of those writes this process's own vCPU made. The source takes one
 * at switchover (vCPUs stopped); the destination's "inherited" versions (version minus own writes)
 * must equal that record page by page, or the run reports loss.
 */
public record GuestDigest(long[] versions, int[] bodyCrcs, int[] ownWrites, long deviceCounter, int deviceBlobCrc,
                          long ownWritesTotal, int missingPages) {

    public static GuestDigest take(GuestRam ram, DeviceState dev, Vcpu vcpu) {
        return vcpu.withWritesBlocked(() -> takeLocked(ram, dev, vcpu));
    }

    private static GuestDigest takeLocked(GuestRam ram, DeviceState dev, Vcpu vcpu) {
        int n = ram.pages();
        long[] v = new long[n];
        int[] c = new int[n];
        for (int p = 0; p < n; p++) {
            v[p] = ram.version(p);
            c[p] = ram.bodyCrc(p);
        }
        return new GuestDigest(v, c, vcpu.ownWritesSnapshot(), dev.counter(), dev.blobCrc(), vcpu.totalOwnWrites(),
                ram.missingCount());
    }
}
