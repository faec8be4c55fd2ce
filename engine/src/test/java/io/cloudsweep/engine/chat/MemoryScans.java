package io.cloudsweep.engine.chat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scan queue in memory, as storage keeps it: an account in one scan at a time, takes counted, progress and
 * outcomes remembered. {@code here} says whether queued scans run on the caller's thread (the terminal) or wait for
 * the test to take them, as another replica would.
 */
final class MemoryScans implements ScanQueue {

    private record Entry(Order order, Instant since, int attempts, Optional<String> progress, Optional<String> outcome) {
    }

    private final Clock clock;
    private final Map<Long, Entry> entries = new HashMap<>();
    private long next = 1;
    volatile boolean here = true;
    /** When set, scans that are not scheduled are refused as over the organization's limit, for this long. */
    volatile Optional<java.time.Duration> limited = Optional.empty();

    MemoryScans(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Claim queue(Order order) {
        if (limited.isPresent() && !order.scheduled()) {
            return new Claim.Limited(limited.get());
        }
        for (Map.Entry<Long, Entry> entry : entries.entrySet()) {
            Entry running = entry.getValue();
            if (running.outcome().isEmpty() && running.order().organizationId() == order.organizationId()
                    && running.order().accounts().stream().anyMatch(order.accounts()::contains)) {
                return new Claim.Busy(new Running(entry.getKey(), running.order().actor().userId(), running.since(), running.progress(),
                        running.order().accounts()));
            }
        }
        long id = next++;
        entries.put(id, new Entry(order, clock.instant(), here ? 1 : 0, Optional.empty(), Optional.empty()));
        return new Claim.Accepted(new QueuedScan(id, order, 1), here);
    }

    @Override
    public synchronized Optional<QueuedScan> take(long id) {
        Entry entry = entries.get(id);
        if (entry == null || entry.outcome().isPresent()) {
            return Optional.empty();
        }
        entries.put(id, new Entry(entry.order(), entry.since(), entry.attempts() + 1, entry.progress(), Optional.empty()));
        return Optional.of(new QueuedScan(id, entry.order(), entry.attempts() + 1));
    }

    @Override
    public synchronized void progress(long id, String progress) {
        Entry entry = entries.get(id);
        entries.put(id, new Entry(entry.order(), entry.since(), entry.attempts(), Optional.of(progress), entry.outcome()));
    }

    @Override
    public synchronized void finished(long id, String outcome, java.util.OptionalLong stored) {
        Entry entry = entries.get(id);
        if (entry.outcome().isEmpty()) {
            entries.put(id, new Entry(entry.order(), entry.since(), entry.attempts(), entry.progress(), Optional.of(outcome)));
        }
    }

    /** The outcome of scan {@code id}: empty while it has not ended. */
    synchronized Optional<String> outcome(long id) {
        return entries.get(id).outcome();
    }

    /** The ids of the scans queued so far, oldest first. */
    synchronized List<Long> ids() {
        return new ArrayList<>(new java.util.TreeSet<>(entries.keySet()));
    }
}
