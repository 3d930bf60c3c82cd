package io.roleport.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The thread-safe, append-only record of every call the {@link CloudSimulator} answered (including refused
 * and fault-injected ones), so tests can assert <em>who</em> called <em>what</em> and how often.
 */
public final class Journal {

    private final List<JournalEntry> entries = new ArrayList<>();

    /** A snapshot of all entries, oldest first. */
    public synchronized List<JournalEntry> entries() {
        return List.copyOf(entries);
    }

    /** How many calls of {@code action} on {@code service} were seen, e.g. {@code count("eks","CreateCluster")}. */
    public synchronized long count(String service, String action) {
        return entries.stream().filter(e -> e.service().equals(service) && e.action().equals(action)).count();
    }

    /** As {@link #count(String, String)}, limited to calls made by principals of {@code accountId}. */
    public synchronized long count(String service, String action, String accountId) {
        return entries.stream().filter(e -> e.service().equals(service) && e.action().equals(action)
                && Objects.equals(e.accountId(), accountId)).count();
    }

    /**
     * As {@link #count(String, String, String)}, limited to calls naming {@code resource} (see
     * {@link JournalEntry#resource()}); a {@code null} accountId or resource matches any.
     */
    public synchronized long count(String service, String action, String accountId, String resource) {
        return entries.stream().filter(e -> e.service().equals(service) && e.action().equals(action)
                && (accountId == null || accountId.equals(e.accountId()))
                && (resource == null || resource.equals(e.resource()))).count();
    }

    /** Forgets every entry. */
    public synchronized void clear() {
        entries.clear();
    }

    synchronized void record(JournalEntry entry) {
        entries.add(entry);
    }
}
