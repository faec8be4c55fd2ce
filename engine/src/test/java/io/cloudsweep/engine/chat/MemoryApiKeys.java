package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.store.ApiKeys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** API keys kept in memory, hashed as the database keeps them. */
final class MemoryApiKeys implements ApiKeys {

    private record Row(long organization, String name, String prefix, String hash, Role role, String createdBy, Instant createdAt,
                       Optional<Instant> lastUsed, boolean revoked) {
    }

    private final List<Row> rows = new ArrayList<>();

    @Override
    public synchronized Optional<Created> create(long organizationId, String name, Role role, String createdBy) {
        if (rows.stream().anyMatch(row -> row.organization() == organizationId && row.name().equals(name) && !row.revoked())) {
            return Optional.empty();
        }
        String key = ApiKeys.newKey();
        rows.add(new Row(organizationId, name, ApiKeys.prefixOf(key), ApiKeys.hash(key), role, createdBy, Instant.EPOCH, Optional.empty(), false));
        return Optional.of(new Created(name, key, ApiKeys.prefixOf(key), role));
    }

    @Override
    public synchronized List<Listed> list(long organizationId) {
        return rows.stream().filter(row -> row.organization() == organizationId && !row.revoked())
                .map(row -> new Listed(row.name(), row.prefix(), row.role(), row.createdBy(), row.createdAt(), row.lastUsed())).toList();
    }

    @Override
    public synchronized boolean revoke(long organizationId, String name, String actor) {
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.organization() == organizationId && row.name().equals(name) && !row.revoked()) {
                rows.set(i, new Row(row.organization(), row.name(), row.prefix(), row.hash(), row.role(), row.createdBy(), row.createdAt(),
                        row.lastUsed(), true));
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized Optional<Holder> authenticate(String key, Instant now) {
        if (!FORMAT.matcher(key).matches()) {
            return Optional.empty();
        }
        return rows.stream().filter(row -> !row.revoked() && row.prefix().equals(ApiKeys.prefixOf(key)) && ApiKeys.matches(key, row.hash()))
                .findFirst().map(row -> new Holder(row.organization(), row.name(), row.prefix(), row.role(), row.createdBy()));
    }
}
