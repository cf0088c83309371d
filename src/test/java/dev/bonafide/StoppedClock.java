package dev.bonafide;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Tests: a clock that moves only when the test moves it, so that waits are exact and two parts
 * asked one after the other see the same instant (unlike {@link TestClock}, which follows real time).
 */
public final class StoppedClock extends Clock {

    private volatile Instant now;

    public StoppedClock(Instant start) {
        this.now = start;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
