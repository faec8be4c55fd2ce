package io.cloudsweep.storage;

import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.NotifyEvent;
import io.cloudsweep.engine.store.NotifyTargets;
import io.cloudsweep.engine.store.Organization;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Notification targets in {@code notify_targets}, each change audited in its transaction. A webhook's signing secret is
 * made here (32 random bytes), returned once, and kept only sealed under CloudSweep's secret key. Thread-safe.
 */
public final class PostgresNotifyTargets implements NotifyTargets {

    private static final SecureRandom RANDOM = new SecureRandom();

    interface Dao {
        record Row(long id, String kind, String address, String[] events, BigDecimal minMonthlyUsd, String platform, String conversation,
                   String createdBy, OffsetDateTime createdAt, String disabledReason) {
        }

        String COLUMNS = "id, kind, address, events, min_monthly_usd, platform, conversation, created_by, created_at, disabled_reason";

        @SqlQuery("INSERT INTO notify_targets (organization_id, kind, address, secret_ciphertext, events, min_monthly_usd, platform,"
                + " conversation, created_by, created_at) VALUES (:organization, :kind, :address, :secret, :events, :min, :platform,"
                + " :conversation, :actor, :at)"
                + " ON CONFLICT (organization_id, kind, address) DO UPDATE SET events = EXCLUDED.events, min_monthly_usd = EXCLUDED.min_monthly_usd"
                + " RETURNING " + COLUMNS + ", (xmax = 0) AS inserted")
        @RegisterConstructorMapper(Upserted.class)
        Upserted upsert(@Bind("organization") long organization, @Bind("kind") String kind, @Bind("address") String address,
                        @Bind("secret") byte[] secret, @Bind("events") String[] events, @Bind("min") BigDecimal min,
                        @Bind("platform") String platform, @Bind("conversation") String conversation, @Bind("actor") String actor,
                        @Bind("at") OffsetDateTime at);

        record Upserted(long id, String kind, String address, String[] events, BigDecimal minMonthlyUsd, String platform, String conversation,
                        String createdBy, OffsetDateTime createdAt, String disabledReason, boolean inserted) {
        }

        @SqlQuery("SELECT " + COLUMNS + " FROM notify_targets WHERE organization_id = :organization ORDER BY id")
        @RegisterConstructorMapper(Row.class)
        List<Row> all(@Bind("organization") long organization);

        @SqlUpdate("DELETE FROM notify_targets WHERE organization_id = :organization AND id = :id")
        int delete(@Bind("organization") long organization, @Bind("id") long id);

        @SqlUpdate("UPDATE notify_targets SET disabled_at = NULL, disabled_reason = NULL WHERE organization_id = :organization AND id = :id")
        int enable(@Bind("organization") long organization, @Bind("id") long id);

        @SqlUpdate("UPDATE outbox SET next_attempt_at = :at, attempts = 0 WHERE target_id = :id AND status = 'pending'")
        int retryNow(@Bind("id") long id, @Bind("at") OffsetDateTime at);
    }

    private final Jdbi jdbi;
    private final SecretBox box;
    private final PostgresAuditLog audit;
    private final Clock clock;

    public PostgresNotifyTargets(Database database, SecretBox box, Clock clock) {
        this.jdbi = database.jdbi();
        this.box = box;
        this.audit = new PostgresAuditLog(database);
        this.clock = clock;
    }

    /** The context a webhook's secret is sealed under: it opens for no other target. */
    static String secretContext(long organizationId, String address) {
        return "webhook:" + organizationId + ":" + address;
    }

    @Override
    public Adding add(long organizationId, Request request, String actor) {
        Optional<String> secret = request.kind() == Kind.WEBHOOK ? Optional.of(newSecret()) : Optional.empty();
        String[] events = request.events().stream().map(NotifyEvent::id).sorted().toArray(String[]::new);
        return jdbi.inTransaction(handle -> {
            Dao.Upserted row = handle.attach(Dao.class).upsert(organizationId, request.kind().id(), request.address(),
                    secret.map(s -> box.seal(s, secretContext(organizationId, request.address()))).orElse(null), events,
                    request.minMonthly().amount(), request.platform().id(), request.conversation(), actor, now());
            audit.append(handle, new AuditLog.Event(Optional.of(organizationId), clock.instant(), actor, row.inserted() ? "notify.added" : "notify.changed",
                    "notify/" + row.id(), Map.of("kind", row.kind(), "address", redacted(row.address()), "events", String.join(",", events))));
            Target target = target(new Dao.Row(row.id(), row.kind(), row.address(), row.events(), row.minMonthlyUsd(), row.platform(),
                    row.conversation(), row.createdBy(), row.createdAt(), row.disabledReason()));
            // a webhook added again keeps the secret it was given the first time
            return new Added(target, row.inserted() ? secret : Optional.empty());
        });
    }

    @Override
    public List<Target> targets(long organizationId) {
        return jdbi.withExtension(Dao.class, dao -> dao.all(organizationId)).stream().map(PostgresNotifyTargets::target).toList();
    }

    @Override
    public boolean remove(long organizationId, long id, String actor) {
        return jdbi.inTransaction(handle -> {
            boolean removed = handle.attach(Dao.class).delete(organizationId, id) == 1;
            if (removed) {
                audit.append(handle, new AuditLog.Event(Optional.of(organizationId), clock.instant(), actor, "notify.removed", "notify/" + id,
                        Map.of()));
            }
            return removed;
        });
    }

    @Override
    public boolean enable(long organizationId, long id, String actor) {
        return jdbi.inTransaction(handle -> {
            Dao dao = handle.attach(Dao.class);
            boolean found = dao.enable(organizationId, id) == 1;
            if (found) {
                dao.retryNow(id, now());
                audit.append(handle, new AuditLog.Event(Optional.of(organizationId), clock.instant(), actor, "notify.enabled", "notify/" + id,
                        Map.of()));
            }
            return found;
        });
    }

    private static Target target(Dao.Row row) {
        return new Target(row.id(), Kind.valueOf(row.kind().toUpperCase(java.util.Locale.ROOT)), row.address(),
                Arrays.stream(row.events()).map(NotifyEvent::fromId).flatMap(Optional::stream).collect(Collectors.toSet()),
                Money.usd(row.minMonthlyUsd()), Organization.Platform.fromId(row.platform()), row.conversation(), row.createdBy(),
                row.createdAt().toInstant(), Optional.ofNullable(row.disabledReason()));
    }

    /** An address for the audit: a URL without its query string, which may hold a token. */
    static String redacted(String address) {
        int query = address.indexOf('?');
        return query < 0 ? address : address.substring(0, query) + "?…";
    }

    private static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
