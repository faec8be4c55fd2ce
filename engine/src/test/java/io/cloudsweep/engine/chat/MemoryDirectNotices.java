package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.store.DirectNotices;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Who asked for direct messages, in memory. */
final class MemoryDirectNotices implements DirectNotices {

    final Set<String> wanting = ConcurrentHashMap.newKeySet();

    @Override
    public void set(long organizationId, String userId, boolean on, String actor) {
        if (on) {
            wanting.add(organizationId + "/" + userId);
        } else {
            wanting.remove(organizationId + "/" + userId);
        }
    }

    @Override
    public boolean wants(long organizationId, String userId) {
        return wanting.contains(organizationId + "/" + userId);
    }
}
