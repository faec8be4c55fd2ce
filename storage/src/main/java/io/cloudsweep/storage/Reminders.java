package io.cloudsweep.storage;

import io.cloudsweep.engine.store.NotifyEvent;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Approvals of high-risk findings left waiting for a second admin: each gets one reminder once it has waited
 * {@code after}. Taking them marks them reminded and writes their {@code approval.waiting} notifications in one
 * transaction, so a reminder is neither lost nor sent twice, whichever replica takes it. Thread-safe.
 */
public final class Reminders {

    /** A reminder due: which finding, approved by whom and when, and where its card is (if it was posted). */
    public record Due(long organizationId, long findingId, String ruleId, String resourceId, String approvedBy, Instant since,
                      Optional<String> chat, Optional<String> channel, Optional<String> messageId) {
    }

    interface Dao {
        record Row(long organizationId, long findingId, String ruleId, String resourceId, String approvedBy, OffsetDateTime since,
                   String cardChat, String cardChannel, String cardMessageId) {
        }

        @SqlQuery("""
                UPDATE decisions d SET reminded_at = :now
                FROM findings f
                WHERE d.finding_id = f.id AND d.decision = 'approve' AND d.reminded_at IS NULL AND d.created_at < :before
                  AND f.status IN ('open', 'failed', 'rolled_back') AND f.risk = 'high'
                  AND d.created_at > COALESCE((SELECT max(c.updated_at) FROM cleanups c WHERE c.finding_id = f.id), '-infinity')
                RETURNING d.organization_id, f.id AS finding_id, f.rule_id, f.resource_id, d.chat_user_id AS approved_by,
                          d.created_at AS since, f.card_chat, f.card_channel, f.card_message_id""")
        @RegisterConstructorMapper(Row.class)
        List<Row> take(@Bind("before") OffsetDateTime before, @Bind("now") OffsetDateTime now);
    }

    private final Jdbi jdbi;
    private final Duration after;
    private final Clock clock;

    public Reminders(Database database, Duration after, Clock clock) {
        this.jdbi = database.jdbi();
        this.after = after;
        this.clock = clock;
    }

    /** The reminders due now, each taken once across replicas, their notifications written. */
    public List<Due> take() {
        Instant now = clock.instant();
        return jdbi.inTransaction(handle -> {
            List<Dao.Row> rows = handle.attach(Dao.class).take(time(now.minus(after)), time(now));
            for (Dao.Row row : rows) {
                Map<String, Object> payload = new LinkedHashMap<>();
                payload.put("finding", "F-" + row.findingId());
                payload.put("rule", row.ruleId());
                payload.put("resource_id", row.resourceId());
                payload.put("approved_by", row.approvedBy());
                payload.put("since", row.since().toInstant().toString());
                payload.put("days", Duration.between(row.since().toInstant(), now).toDays());
                Outbox.enqueue(handle, row.organizationId(), NotifyEvent.APPROVAL_WAITING, "waiting-f" + row.findingId() + "-"
                        + row.since().toInstant().toEpochMilli(), payload, BigDecimal.ZERO, now);
            }
            return rows.stream().map(row -> new Due(row.organizationId(), row.findingId(), row.ruleId(), row.resourceId(), row.approvedBy(),
                    row.since().toInstant(), Optional.ofNullable(row.cardChat()), Optional.ofNullable(row.cardChannel()),
                    Optional.ofNullable(row.cardMessageId()))).toList();
        });
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
