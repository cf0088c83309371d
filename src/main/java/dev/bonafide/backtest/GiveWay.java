package dev.bonafide.backtest;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Keeps a background replay to a share of one core while live screenings arrive: after each slice
 * of {@link #SLICE} screenings, if a live screening began during the slice, it pauses for as long
 * as the slice took times {@code (1 - share) / share}. With no live traffic it does not pause.
 * Thread priorities cannot do this: the JVM ignores them on Linux unless started with options
 * operators rarely set, and the database's work for the replay has no priority at all.
 */
final class GiveWay {

    /** Screenings a slice (a power of two): about a millisecond of replay. */
    static final int SLICE = 16;

    private final LongSupplier liveStarted;
    private final double pauseFactor;
    private long lastLive;
    private long sliceStart;

    GiveWay(LongSupplier liveStarted, double share) {
        this.liveStarted = liveStarted;
        this.pauseFactor = share >= 1.0 ? 0 : (1.0 - Math.max(0.01, share)) / Math.max(0.01, share);
        this.lastLive = liveStarted.getAsLong();
        this.sliceStart = System.nanoTime();
    }

    /** Called after each slice; pauses when live screenings arrived during it. */
    void sliceDone() {
        long now = System.nanoTime();
        long live = liveStarted.getAsLong();
        if (live != lastLive && pauseFactor > 0) {
            lastLive = live;
            LockSupport.parkNanos((long) ((now - sliceStart) * pauseFactor));
            sliceStart = System.nanoTime();
        } else {
            sliceStart = now;
        }
    }
}
