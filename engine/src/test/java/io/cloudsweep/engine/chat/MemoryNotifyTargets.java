package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.store.NotifyTargets;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/** Notification targets in memory; a webhook's secret is a counter the test can recognise. */
final class MemoryNotifyTargets implements NotifyTargets {

    final Map<Long, Target> byId = new ConcurrentSkipListMap<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public synchronized Adding add(long organizationId, Request request, String actor) {
        Optional<Target> same = byId.values().stream().filter(t -> t.kind() == request.kind() && t.address().equals(request.address())).findFirst();
        long id = same.map(Target::id).orElseGet(ids::incrementAndGet);
        Target target = new Target(id, request.kind(), request.address(), request.events(), request.minMonthly(), request.platform(),
                request.conversation(), actor, Instant.EPOCH, Optional.empty());
        byId.put(id, target);
        return new Added(target, request.kind() == Kind.WEBHOOK && same.isEmpty() ? Optional.of("whsec_test-" + id) : Optional.empty());
    }

    @Override
    public List<Target> targets(long organizationId) {
        return List.copyOf(byId.values());
    }

    @Override
    public boolean remove(long organizationId, long id, String actor) {
        return byId.remove(id) != null;
    }

    @Override
    public boolean enable(long organizationId, long id, String actor) {
        Target target = byId.get(id);
        if (target == null) {
            return false;
        }
        byId.put(id, new Target(id, target.kind(), target.address(), target.events(), target.minMonthly(), target.platform(), target.conversation(),
                target.createdBy(), target.createdAt(), Optional.empty()));
        return true;
    }
}
