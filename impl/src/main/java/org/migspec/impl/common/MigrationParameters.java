package org.migspec.impl.common;

/** migrate-set-parameters: the bandwidth knobs (bytes per second; 0 = unlimited). */
public final class MigrationParameters {
    /** QEMU's default max-bandwidth (MAX_THROTTLE = 128 MiB/s). */
    public static final long DEFAULT_MAX_BANDWIDTH = 128L << 20;

    private volatile long maxBandwidth = DEFAULT_MAX_BANDWIDTH;
    private volatile long maxPostcopyBandwidth;
    private volatile long downtimeLimitMs = 300;

    public long maxBandwidth() {
        return maxBandwidth;
    }

    public void setMaxBandwidth(long v) {
        maxBandwidth = v;
    }

    public long maxPostcopyBandwidth() {
        return maxPostcopyBandwidth;
    }

    public void setMaxPostcopyBandwidth(long v) {
        maxPostcopyBandwidth = v;
    }

    public long downtimeLimitMs() {
        return downtimeLimitMs;
    }

    public void setDowntimeLimitMs(long v) {
        downtimeLimitMs = v;
    }
}
