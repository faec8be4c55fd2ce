package io.cloudsweep.storage;

import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.NotifyEvent;
import io.cloudsweep.engine.store.NotifyTargets;
import io.cloudsweep.engine.store.Organization;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The notification outbox. An event is written with {@link #enqueue} in the transaction of the change that caused it,
 * one row per target that takes it, so it exists exactly when the change does. {@link #deliverDue} hands due rows to a
 * sender one at a time, each in its own transaction holding its row ({@code FOR UPDATE SKIP LOCKED}), so replicas
 * deliver side by side and never the same row at once; a replica that dies mid-delivery leaves the row to be delivered
 * again, under the same idempotency key. A failed attempt is retried with growing waits; a delivery that used every
 * attempt disables its target, whose events then wait, kept, until it is enabled again. Thread-safe.
 */
public final class Outbox {

    /** How often a delivery is tried: {@code attempts} in all, the first retry after {@code firstRetry}, each wait 4 times the last. */
    public record Policy(int attempts, Duration firstRetry, Duration longestWait) {
        public Policy {
            if (attempts < 1) {
                throw new IllegalArgumentException("a delivery is tried at least once");
            }
            Objects.requireNonNull(firstRetry, "firstRetry");
            Objects.requireNonNull(longestWait, "longestWait");
        }

        /** Six attempts over about two hours: 30 s, 2 min, 8 min, 32 min, then an hour. */
        public static Policy defaults() {
            return new Policy(6, Duration.ofSeconds(30), Duration.ofHours(1));
        }

        /** The wait after failed attempt {@code attempt} (1 for the first). */
        Duration after(int attempt) {
            Duration wait = firstRetry;
            for (int i = 1; i < attempt && wait.compareTo(longestWait) < 0; i++) {
                wait = wait.multipliedBy(4);
            }
            return wait.compareTo(longestWait) > 0 ? longestWait : wait;
        }
    }

    /** One row to deliver: to which target, what, under which idempotency key, and which attempt this is (1 for the first). */
    public record Delivery(long id, long organizationId, long targetId, NotifyTargets.Kind kind, String address, Optional<String> secret,
                           NotifyEvent event, String idempotencyKey, String payload, Instant createdAt, int attempt, Organization.Platform platform) {
    }

    /** What a sender made of a delivery. */
    public sealed interface Result {
    }

    /** The target took it. */
    public record Delivered() implements Result {
    }

    /** It did not; {@code permanent} when trying again cannot help (the address is gone, say). */
    public record Failed(String error, boolean permanent) implements Result {
    }

    /** A target disabled by a run: its organization and the conversation it was added in are told. */
    public record Disabled(long organizationId, long targetId, Organization.Platform platform, String conversation, String address,
                           String reason) {
    }

    /** What a run did. */
    public record Run(int delivered, int retried, List<Disabled> disabled) {
    }

    interface Dao {
        record Row(long id, long organizationId, long targetId, String kind, String address, byte[] secretCiphertext, String event,
                   String idempotencyKey, String payload, OffsetDateTime createdAt, int attempts, String platform, String conversation) {
        }

        @SqlUpdate("""
                INSERT INTO outbox (organization_id, target_id, event, idempotency_key, payload, created_at, next_attempt_at)
                SELECT :organization, t.id, :event, 'cloudsweep-' || :key || '-t' || t.id, CAST(:payload AS jsonb), :at, :at
                FROM notify_targets t
                WHERE t.organization_id = :organization AND :event = ANY(t.events)
                  AND (:event <> 'findings.new' OR t.min_monthly_usd <= :monthly)
                ON CONFLICT (idempotency_key) DO NOTHING""")
        int enqueue(@Bind("organization") long organization, @Bind("event") String event, @Bind("key") String key,
                    @Bind("payload") String payload, @Bind("monthly") BigDecimal monthly, @Bind("at") OffsetDateTime at);

        @SqlQuery("""
                SELECT o.id, o.organization_id, o.target_id, t.kind, t.address, t.secret_ciphertext, o.event, o.idempotency_key,
                       o.payload::text AS payload, o.created_at, o.attempts, t.platform, t.conversation
                FROM outbox o JOIN notify_targets t ON t.id = o.target_id
                WHERE o.status = 'pending' AND o.next_attempt_at <= :now AND t.disabled_at IS NULL
                ORDER BY o.next_attempt_at, o.id LIMIT 1
                FOR UPDATE OF o SKIP LOCKED""")
        @RegisterConstructorMapper(Row.class)
        Optional<Row> nextDue(@Bind("now") OffsetDateTime now);

        @SqlUpdate("UPDATE outbox SET status = 'delivered', attempts = attempts + 1, delivered_at = :at, last_error = NULL WHERE id = :id")
        void delivered(@Bind("id") long id, @Bind("at") OffsetDateTime at);

        @SqlUpdate("UPDATE outbox SET attempts = :attempts, next_attempt_at = :next, last_error = :error WHERE id = :id")
        void retry(@Bind("id") long id, @Bind("attempts") int attempts, @Bind("next") OffsetDateTime next, @Bind("error") String error);

        @SqlUpdate("UPDATE notify_targets SET disabled_at = :at, disabled_reason = :reason WHERE id = :id AND disabled_at IS NULL")
        int disable(@Bind("id") long id, @Bind("at") OffsetDateTime at, @Bind("reason") String reason);

        @SqlQuery("SELECT count(*) FROM outbox WHERE status = 'pending'")
        long pending();
    }

    private final Jdbi jdbi;
    private final SecretBox box;
    private final Policy policy;
    private final PostgresAuditLog audit;
    private final Clock clock;

    public Outbox(Database database, SecretBox box, Policy policy, Clock clock) {
        this.jdbi = database.jdbi();
        this.box = box;
        this.policy = policy;
        this.audit = new PostgresAuditLog(database);
        this.clock = clock;
    }

    /**
     * Writes {@code event} for each of the organization's targets that takes it, in the caller's transaction; {@code key}
     * names the event (the same key written twice is one event). {@code monthly} is what new findings cost a month, for
     * the targets that want them only above a minimum.
     */
    static void enqueue(Handle handle, long organizationId, NotifyEvent event, String key, Map<String, ?> payload, BigDecimal monthly,
                        Instant at) {
        handle.attach(Dao.class).enqueue(organizationId, event.id(), key, Json.write(payload), monthly, time(at));
    }

    /** Delivers up to {@code limit} due rows through {@code send}, one transaction each. */
    public Run deliverDue(int limit, Function<Delivery, Result> send) {
        int delivered = 0;
        int retried = 0;
        List<Disabled> disabled = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            Optional<Step> step = jdbi.inTransaction(handle -> deliverOne(handle, send));
            if (step.isEmpty()) {
                break;
            }
            delivered += step.get().delivered() ? 1 : 0;
            retried += step.get().retried() ? 1 : 0;
            step.get().disabled().ifPresent(disabled::add);
        }
        return new Run(delivered, retried, disabled);
    }

    private record Step(boolean delivered, boolean retried, Optional<Disabled> disabled) {
    }

    private Optional<Step> deliverOne(Handle handle, Function<Delivery, Result> send) {
        Dao dao = handle.attach(Dao.class);
        Optional<Dao.Row> due = dao.nextDue(time(clock.instant()));
        if (due.isEmpty()) {
            return Optional.empty();
        }
        Dao.Row row = due.get();
        NotifyTargets.Kind kind = NotifyTargets.Kind.valueOf(row.kind().toUpperCase(Locale.ROOT));
        Optional<String> secret = Optional.ofNullable(row.secretCiphertext())
                .map(sealed -> box.open(sealed, PostgresNotifyTargets.secretContext(row.organizationId(), row.address())));
        Delivery delivery = new Delivery(row.id(), row.organizationId(), row.targetId(), kind, row.address(), secret,
                NotifyEvent.fromId(row.event()).orElseThrow(), row.idempotencyKey(), row.payload(), row.createdAt().toInstant(), row.attempts() + 1,
                Organization.Platform.fromId(row.platform()));
        Result result;
        try {
            result = send.apply(delivery);
        } catch (RuntimeException e) {
            result = new Failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), false);
        }
        Instant now = clock.instant();
        if (result instanceof Delivered) {
            dao.delivered(row.id(), time(now));
            return Optional.of(new Step(true, false, Optional.empty()));
        }
        Failed failed = (Failed) result;
        String error = failed.error().length() > 500 ? failed.error().substring(0, 500) : failed.error();
        if (!failed.permanent() && delivery.attempt() < policy.attempts()) {
            dao.retry(row.id(), delivery.attempt(), time(now.plus(policy.after(delivery.attempt()))), error);
            return Optional.of(new Step(false, true, Optional.empty()));
        }
        // kept for when the target is enabled again: its first try then is a fresh start
        dao.retry(row.id(), 0, time(now), error);
        String reason = (failed.permanent() ? "its receiver refused for good" : "a delivery failed " + delivery.attempt() + " times")
                + " (last: " + error + ")";
        Optional<Disabled> disabled = Optional.empty();
        if (dao.disable(row.targetId(), time(now), reason) == 1) {
            audit.append(handle, new AuditLog.Event(Optional.of(row.organizationId()), now, "cloudsweep", "notify.disabled",
                    "notify/" + row.targetId(), Map.of("reason", reason, "event", row.event())));
            disabled = Optional.of(new Disabled(row.organizationId(), row.targetId(), Organization.Platform.fromId(row.platform()),
                    row.conversation(), PostgresNotifyTargets.redacted(row.address()), reason));
        }
        return Optional.of(new Step(false, false, disabled));
    }

    /** Events not yet delivered, disabled targets' included. */
    public long backlog() {
        return jdbi.withExtension(Dao.class, Dao::pending);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
