package io.cloudsweep.storage;

import io.cloudsweep.engine.store.AuditLog;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The audit log as a hash chain in PostgreSQL: each row's hash is SHA-256 of the previous row's hash and the
 * row's canonical content, so changing or deleting a row breaks every hash after it. Appends are serialised
 * by a transaction-scoped advisory lock, so replicas appending at once still build one chain; a trigger
 * refuses UPDATE and DELETE. Thread-safe.
 */
public final class PostgresAuditLog implements AuditLog {

    static final String GENESIS = "0".repeat(64);
    /** Serialises appends across every connection and replica. */
    private static final long APPEND_LOCK = 0x436c6f7564537765L;

    private final Jdbi jdbi;

    public PostgresAuditLog(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public String append(Event event) {
        return jdbi.inTransaction(handle -> append(handle, event));
    }

    /** Appends inside the caller's transaction, so a state change and its audit row commit together. */
    public String append(Handle handle, Event event) {
        handle.execute("SELECT pg_advisory_xact_lock(?)", APPEND_LOCK);
        String previous = handle.createQuery("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
                .mapTo(String.class).findOne().orElse(GENESIS);
        Instant at = event.at().truncatedTo(ChronoUnit.MICROS);
        String details = Json.write(new TreeMap<>(event.details()));
        String hash = hash(previous, canonical(event.organizationId(), at, event.actor(), event.action(), event.subject(), details));
        handle.createUpdate("""
                        INSERT INTO audit_log (organization_id, occurred_at, actor, action, subject, details, prev_hash, hash)
                        VALUES (:organization, :at, :actor, :action, :subject, CAST(:details AS jsonb), :previous, :hash)""")
                .bind("organization", event.organizationId().orElse(null))
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .bind("actor", event.actor())
                .bind("action", event.action())
                .bind("subject", event.subject())
                .bind("details", details)
                .bind("previous", previous)
                .bind("hash", hash)
                .execute();
        return hash;
    }

    @Override
    public Optional<Break> verify() {
        AtomicReference<Break> broken = new AtomicReference<>();
        jdbi.useHandle(handle -> {
            String expectedPrevious = GENESIS;
            try (var rows = handle.createQuery("""
                            SELECT id, organization_id, occurred_at, actor, action, subject, details::text AS details, prev_hash, hash
                            FROM audit_log ORDER BY id""")
                    .setFetchSize(500)
                    .map((row, context) -> new Row(row.getLong("id"), (Long) row.getObject("organization_id"),
                            row.getObject("occurred_at", OffsetDateTime.class).toInstant(), row.getString("actor"),
                            row.getString("action"), row.getString("subject"), row.getString("details"),
                            row.getString("prev_hash"), row.getString("hash")))
                    .stream()) {
                for (Row row : (Iterable<Row>) rows::iterator) {
                    if (!row.previous().equals(expectedPrevious)) {
                        broken.set(new Break(row.id(), "its previous hash does not match the entry before it (an entry was removed or reordered)"));
                        return;
                    }
                    String details = Json.write(new TreeMap<>(Json.MAPPER.readValue(row.details(), Map.class)));
                    String recomputed = hash(row.previous(), canonical(Optional.ofNullable(row.organizationId()), row.at(), row.actor(),
                            row.action(), row.subject(), details));
                    if (!recomputed.equals(row.hash())) {
                        broken.set(new Break(row.id(), "its content does not match its hash (the entry was changed)"));
                        return;
                    }
                    expectedPrevious = row.hash();
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("unreadable audit details", e);
            }
        });
        return Optional.ofNullable(broken.get());
    }

    /** One line of fields in a fixed order, separated by a character none of them contains unescaped. */
    static String canonical(Optional<Long> organization, Instant at, String actor, String action, String subject, String details) {
        return String.join("\u001f", organization.map(String::valueOf).orElse("-"), at.toString(), actor, action, subject, details);
    }

    static String hash(String previous, String canonical) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previous.getBytes(StandardCharsets.UTF_8));
            sha256.update(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private record Row(long id, Long organizationId, Instant at, String actor, String action, String subject, String details,
                       String previous, String hash) {
    }
}
