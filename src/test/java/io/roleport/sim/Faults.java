package io.roleport.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pending injected faults of a {@link CloudSimulator}: errors and delays for the next N matching calls, or
 * for every matching call until an instant (simulator clock). Matching is by service and action ({@code "*"}
 * matches any). Thread-safe.
 */
final class Faults {

    /**
     * A pending injected failure ({@code status > 0}) or delay ({@code latency != null}): for the next
     * {@code remaining} calls, or, when {@code until} is set, for every call before that instant.
     */
    record Fault(String service, String action, int status, String code, Duration latency, AtomicInteger remaining,
            Instant until) {
    }

    private final List<Fault> faults = new ArrayList<>();

    synchronized void add(Fault f) {
        faults.add(f);
    }

    /** How many pending faults and delays there are (a delay is taken, not pending, once its call has arrived). */
    synchronized int pending() {
        return faults.size();
    }

    synchronized void clear() {
        faults.clear();
    }

    /** The first pending delay ({@code latency}) or error ({@code !latency}) matching the call, consuming one use. */
    synchronized Fault take(String service, String action, boolean latency, Instant now) {
        faults.removeIf(f -> f.until() != null && !now.isBefore(f.until()));
        for (var it = faults.iterator(); it.hasNext();) {
            Fault f = it.next();
            if ((f.latency() != null) == latency && (f.service().equals(service) || f.service().equals("*"))
                    && (f.action().equals(action) || f.action().equals("*"))) {
                if (f.until() == null && f.remaining().decrementAndGet() <= 0) {
                    it.remove();
                }
                return f;
            }
        }
        return null;
    }
}
