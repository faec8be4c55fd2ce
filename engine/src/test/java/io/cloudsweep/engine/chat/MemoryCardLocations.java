package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.store.CardLocations;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Where each finding's card was posted, in memory, all in one organization. */
final class MemoryCardLocations implements CardLocations {

    private final long organizationId;
    private final Map<Long, Location> where = new ConcurrentHashMap<>();

    MemoryCardLocations(long organizationId) {
        this.organizationId = organizationId;
    }

    @Override
    public void remember(long findingId, String chat, String channel, String messageId) {
        where.put(findingId, new Location(organizationId, chat, channel, messageId));
    }

    @Override
    public Optional<Location> find(long findingId) {
        return Optional.ofNullable(where.get(findingId));
    }
}
