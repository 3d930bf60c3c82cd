package io.roleport.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A test clock that follows real time plus an offset tests can move forward (e.g. to expire a session). */
final class AdjustableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    void advance(Duration d) {
        offset = offset.plus(d);
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
        return Instant.now().plus(offset);
    }
}
