package io.cloudsweep.storage;

import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.Organization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resolved findings forgotten after the retention period, on the real database; the audit and the savings stay. */
class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-12-04T00:30:00Z");

    private Database database;
    private long organization;

    @BeforeEach
    void setUp() {
        database = TestDatabase.get();
        organization = new Organizations(database).ensure(Organization.Platform.SLACK, "T-ACME", "Acme").id();
        new PostgresAuditLog(database).append(new AuditLog.Event(java.util.Optional.of(organization), NOW.minus(Duration.ofDays(400)), "U01",
                "finding.approved", "finding/1", Map.of()));
    }

    /** A finding of {@code status}, resolved {@code daysAgo} days ago when resolved, with evidence, tags and a decision. */
    private long finding(String resourceId, String status, Integer daysAgo) {
        return database.jdbi().withHandle(handle -> {
            long id = handle.createQuery("""
                            INSERT INTO findings (organization_id, account_id, region, resource_type, resource_id, resource_arn, rule_id, status,
                                first_seen, last_seen, monthly_cost_usd, risk, confidence, action, reason, evidence, tags, resolved_at)
                            VALUES (:org, '111122223333', 'us-east-1', 'ebs_volume', :resource, 'arn:aws:ec2:us-east-1:111122223333:volume/' || :resource,
                                'ebs-unattached', :status, :seen, :seen, 8.00, 'low', 'high', 'delete', 'unattached',
                                '{"days_unattached": "40"}', '{"team": "data"}', :resolved)
                            RETURNING id""")
                    .bind("org", organization).bind("resource", resourceId).bind("status", status)
                    .bind("seen", NOW.minus(Duration.ofDays(400)).atOffset(ZoneOffset.UTC))
                    .bind("resolved", daysAgo == null ? null : NOW.minus(Duration.ofDays(daysAgo)).atOffset(ZoneOffset.UTC))
                    .mapTo(Long.class).one();
            handle.execute("INSERT INTO decisions (organization_id, finding_id, chat_user_id, decision) VALUES (?, ?, 'U01', 'approve')",
                    organization, id);
            return id;
        });
    }

    private void cleanup(long finding, boolean dryRun) {
        database.jdbi().useHandle(handle -> handle.execute("""
                INSERT INTO cleanups (organization_id, finding_id, state, dry_run, done_at, monthly_saving_usd)
                VALUES (?, ?, 'done', ?, ?, 8.00)""", organization, finding, dryRun, NOW.minus(Duration.ofDays(300)).atOffset(ZoneOffset.UTC)));
    }

    private java.math.BigDecimal savedSoFar() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT sum(monthly_saving_usd) FROM cleanups").mapTo(java.math.BigDecimal.class).one());
    }

    private List<String> remaining() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT resource_id || ':' || evidence::text || tags::text FROM findings ORDER BY resource_id")
                .mapTo(String.class).list());
    }

    @Test
    void findingsResolvedLongerThanThePeriodGoTheRestStay() {
        finding("vol-old", "resolved", 181);
        finding("vol-recent", "resolved", 179);
        finding("vol-open", "open", null);
        long dryRun = finding("vol-dry", "resolved", 200);
        cleanup(dryRun, true);

        Retention.Purged purged = new Retention(database, Retention.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC)).purge();

        assertThat(purged.deleted()).isEqualTo(Map.of(organization, 2));
        assertThat(remaining()).containsExactly("vol-open:{\"days_unattached\": \"40\"}{\"team\": \"data\"}",
                "vol-recent:{\"days_unattached\": \"40\"}{\"team\": \"data\"}");
        int decisions = database.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM decisions").mapTo(Integer.class).one());
        assertThat(decisions).isEqualTo(2);
    }

    @Test
    void aFindingThatSavedMoneyKeepsItsRowAndCleanupButLosesItsEvidence() {
        long saved = finding("vol-saved", "resolved", 365);
        cleanup(saved, false);
        java.math.BigDecimal before = savedSoFar();

        Retention.Purged purged = new Retention(database, Retention.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC)).purge();

        assertThat(purged.cleared()).isEqualTo(Map.of(organization, 1));
        assertThat(remaining()).containsExactly("vol-saved:{}{}");
        assertThat(savedSoFar()).isEqualByComparingTo(before);
        assertThat(new Retention(database, Retention.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC)).purge().total()).as("cleared once").isZero();
    }

    @Test
    void theAuditIsKeptAndSaysWhatWasPurged() {
        finding("vol-old", "resolved", 181);

        new Retention(database, Duration.ofDays(90), Clock.fixed(NOW, ZoneOffset.UTC)).purge();

        PostgresAuditLog audit = new PostgresAuditLog(database);
        assertThat(audit.verify()).isEmpty();
        List<AuditLog.Entry> entries = audit.recent(organization, 10);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).action()).isEqualTo("findings.purged");
        assertThat(entries.get(1).details()).containsEntry("deleted", "1").containsEntry("evidence_cleared", "0").containsEntry("retention_days", "90");
    }

    @Test
    void nothingToPurgeWritesNothing() {
        finding("vol-open", "open", null);

        assertThat(new Retention(database, Retention.DEFAULT, Clock.fixed(NOW, ZoneOffset.UTC)).purge().total()).isZero();
        assertThat(new PostgresAuditLog(database).recent(organization, 10)).hasSize(1);
    }

    @Test
    void aPeriodUnderADayIsRefused() {
        assertThatThrownBy(() -> new Retention(database, Duration.ofHours(1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least a day");
    }
}
