package io.cloudsweep.storage;

import io.cloudsweep.engine.store.AuditLog;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

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

    interface Dao {
        record Row(long id, Long organizationId, OffsetDateTime occurredAt, String actor, String action, String subject, String details,
                   String prevHash, String hash) {
        }

        @SqlQuery("""
                SELECT id, organization_id, occurred_at, actor, action, subject, details::text AS details, prev_hash, hash
                FROM audit_log ORDER BY id""")
        @RegisterConstructorMapper(Row.class)
        @FetchSize(500)
        Stream<Row> inOrder();

        @SqlQuery("""
                SELECT * FROM (
                    SELECT id, organization_id, occurred_at, actor, action, subject, details::text AS details, prev_hash, hash
                    FROM audit_log WHERE organization_id = :organization AND id < :before ORDER BY id DESC LIMIT :count) AS latest
                ORDER BY id""")
        @RegisterConstructorMapper(Row.class)
        List<Row> before(@Bind("organization") long organization, @Bind("before") long before, @Bind("count") int count);
    }

    private final Jdbi jdbi;

    public PostgresAuditLog(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public String append(Event event) {
        return jdbi.inTransaction(handle -> append(handle, event));
    }

    /**
     * Appends inside the caller's transaction, so a state change and its audit row commit together. Every decision
     * appends, so the SQL is run through Jdbi's fluent API: attaching a SqlObject costs more than these statements.
     */
    public String append(Handle handle, Event event) {
        // serialises appends: held until the transaction ends
        handle.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:lock)) AS locked").bind("lock", APPEND_LOCK).mapTo(Integer.class).one();
        String previous = handle.createQuery("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").mapTo(String.class).findOne().orElse(GENESIS);
        Instant at = event.at().truncatedTo(ChronoUnit.MICROS);
        String details = Json.write(new TreeMap<>(event.details()));
        String hash = hash(previous, canonical(event.organizationId(), at, event.actor(), event.action(), event.subject(), details));
        handle.createUpdate("""
                        INSERT INTO audit_log (organization_id, occurred_at, actor, action, subject, details, prev_hash, hash)
                        VALUES (:organizationId, :occurredAt, :actor, :action, :subject, CAST(:details AS jsonb), :prevHash, :hash)""")
                .bindMethods(new Dao.Row(0, event.organizationId().orElse(null), at.atOffset(ZoneOffset.UTC), event.actor(), event.action(),
                        event.subject(), details, previous, hash)).execute();
        return hash;
    }

    @Override
    public Optional<Break> verify() {
        return jdbi.withHandle(handle -> {
            String expectedPrevious = GENESIS;
            try (Stream<Dao.Row> rows = handle.attach(Dao.class).inOrder()) {
                for (Dao.Row row : (Iterable<Dao.Row>) rows::iterator) {
                    if (!row.prevHash().equals(expectedPrevious)) {
                        return Optional.of(new Break(row.id(), "its previous hash does not match the entry before it (an entry was removed or reordered)"));
                    }
                    String details = Json.write(new TreeMap<>(Json.readMap(row.details())));
                    String recomputed = hash(row.prevHash(), canonical(Optional.ofNullable(row.organizationId()), row.occurredAt().toInstant(),
                            row.actor(), row.action(), row.subject(), details));
                    if (!recomputed.equals(row.hash())) {
                        return Optional.of(new Break(row.id(), "its content does not match its hash (the entry was changed)"));
                    }
                    expectedPrevious = row.hash();
                }
            }
            return Optional.<Break>empty();
        });
    }

    @Override
    public List<Entry> before(long organizationId, long beforeId, int count) {
        return jdbi.withExtension(Dao.class, dao -> dao.before(organizationId, beforeId, count)).stream()
                .map(row -> {
                    Map<String, String> details = new TreeMap<>();
                    Json.readMap(row.details()).forEach((key, value) -> details.put(key, String.valueOf(value)));
                    return new Entry(row.id(), row.occurredAt().toInstant(), row.actor(), row.action(), row.subject(), details);
                }).toList();
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
}
