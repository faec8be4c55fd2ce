package io.cloudsweep.storage;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ScanQueue;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.store.Organization;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The scans queued from the chats, in the database every replica shares: what each is, who asked and where, how far
 * it is, and whether it ended. Queuing takes a transaction-scoped advisory lock on the organization, so two replicas
 * queuing scans of one account at once cannot both succeed. A scan that has not reported for {@code staleAfter}
 * (its replica died and no other has taken it over) no longer holds its accounts. Thread-safe.
 */
public final class ScanRuns {

    interface Dao {
        record Row(long id, long organizationId, String platform, String conversation, String message, String userId, String userRole,
                   String via, String account, String[] regions, boolean scheduled, String[] accounts, int attempts, String progress,
                   OffsetDateTime queuedAt) {
        }

        String COLUMNS = "r.id, r.organization_id, o.platform, r.conversation, r.message, r.user_id, r.user_role, r.via, r.account, r.regions,"
                + " r.scheduled, r.accounts, r.attempts, r.progress, r.queued_at";

        @SqlQuery("SELECT " + COLUMNS + " FROM scan_runs r JOIN organizations o ON o.id = r.organization_id"
                + " WHERE r.organization_id = :organization AND r.status IN ('queued', 'running') AND r.accounts && CAST(:accounts AS TEXT[])"
                + " AND r.updated_at > :fresh ORDER BY r.id LIMIT 1")
        @RegisterConstructorMapper(Row.class)
        Optional<Row> holding(@Bind("organization") long organization, @Bind("accounts") String[] accounts, @Bind("fresh") OffsetDateTime fresh);

        @SqlQuery("""
                INSERT INTO scan_runs (organization_id, conversation, message, user_id, user_role, via, account, regions, scheduled, accounts,
                                       status, queued_at, updated_at)
                VALUES (:organization, :conversation, :message, :user, :role, :via, :account, :regions, :scheduled, :accounts, 'queued', :now,
                        :now)
                RETURNING id""")
        long insert(@Bind("organization") long organization, @Bind("conversation") String conversation, @Bind("message") String message,
                    @Bind("user") String user, @Bind("role") String role, @Bind("via") String via, @Bind("account") String account,
                    @Bind("regions") String[] regions,
                    @Bind("scheduled") boolean scheduled, @Bind("accounts") String[] accounts, @Bind("now") OffsetDateTime now);

        @SqlUpdate("""
                INSERT INTO scan_runs (organization_id, conversation, message, user_id, user_role, scheduled, accounts, status, attempts, outcome,
                                       scan_id, queued_at, updated_at, finished_at)
                VALUES (:organization, '', '', :user, 'member', false, :accounts, 'completed', 1, 'completed', :scan, :at, :at, :at)""")
        void insertRecorded(@Bind("organization") long organization, @Bind("user") String user, @Bind("accounts") String[] accounts,
                            @Bind("scan") long scan, @Bind("at") OffsetDateTime at);

        @SqlQuery("UPDATE scan_runs r SET status = 'running', attempts = attempts + 1, updated_at = :now FROM organizations o"
                + " WHERE r.id = :id AND o.id = r.organization_id AND r.status IN ('queued', 'running') RETURNING " + COLUMNS)
        @RegisterConstructorMapper(Row.class)
        Optional<Row> take(@Bind("id") long id, @Bind("now") OffsetDateTime now);

        @SqlUpdate("UPDATE scan_runs SET progress = :progress, updated_at = :now WHERE id = :id AND status = 'running'")
        int progress(@Bind("id") long id, @Bind("progress") String progress, @Bind("now") OffsetDateTime now);

        @SqlUpdate("""
                UPDATE scan_runs SET status = CASE WHEN :outcome = 'completed' THEN 'completed' ELSE 'failed' END, outcome = :outcome,
                       scan_id = :stored, updated_at = :now, finished_at = :now
                WHERE id = :id AND status IN ('queued', 'running')""")
        int finish(@Bind("id") long id, @Bind("outcome") String outcome, @Bind("stored") Long stored, @Bind("now") OffsetDateTime now);

        @SqlQuery("SELECT status, attempts, outcome FROM scan_runs WHERE id = :id")
        @RegisterConstructorMapper(State.class)
        Optional<State> state(@Bind("id") long id);
    }

    private final Jdbi jdbi;
    private final Dao dao;
    private final Clock clock;
    private final Duration staleAfter;

    public ScanRuns(Database database, Clock clock, Duration staleAfter) {
        this.jdbi = database.jdbi();
        this.dao = jdbi.onDemand(Dao.class);
        this.clock = clock;
        this.staleAfter = staleAfter;
    }

    /** Queues {@code order} unless an active scan holds one of its accounts, which is then named. */
    public ScanQueue.Claim claim(ScanQueue.Order order) {
        return jdbi.inTransaction(handle -> {
            handle.execute("SELECT pg_advisory_xact_lock(hashtext('scan-runs:' || ?))", String.valueOf(order.organizationId()));
            Dao locked = handle.attach(Dao.class);
            OffsetDateTime now = now();
            String[] accounts = order.accounts().toArray(String[]::new);
            Optional<Dao.Row> holding = locked.holding(order.organizationId(), accounts, now.minus(staleAfter));
            if (holding.isPresent()) {
                Dao.Row row = holding.get();
                return new ScanQueue.Claim.Busy(new ScanQueue.Running(row.id(), row.userId(), row.queuedAt().toInstant(),
                        Optional.ofNullable(row.progress()), List.of(row.accounts())));
            }
            long id = locked.insert(order.organizationId(), order.conversation(), order.message(), order.actor().userId(),
                    order.actor().role().id(), order.actor().via().orElse(null), order.command().account().orElse(null),
                    order.command().regions().stream().map(Region::code).toArray(String[]::new), order.scheduled(), accounts, now);
            return new ScanQueue.Claim.Accepted(new ScanQueue.QueuedScan(id, order, 0), false);
        });
    }

    /**
     * Records a scan that ran outside the queue (the command line's {@code scan --store}, {@code serve --demo}'s first) as
     * completed, its findings stored as scan {@code stored}, so it is listed with the others.
     */
    public void recorded(long organizationId, String startedBy, List<String> accounts, long stored) {
        dao.insertRecorded(organizationId, startedBy, accounts.toArray(String[]::new), stored, now());
    }

    /** Takes scan {@code id} to run it, counting the attempt; empty when it has ended (or never was). */
    public Optional<ScanQueue.QueuedScan> take(long id) {
        return dao.take(id, now()).map(row -> new ScanQueue.QueuedScan(row.id(), new ScanQueue.Order(row.organizationId(),
                Organization.Platform.fromId(row.platform()), row.conversation(), new Actor(row.userId(), Role.fromId(row.userRole()), Optional.ofNullable(row.via())),
                new ChatCommand.Scan(Optional.ofNullable(row.account()), Arrays.stream(row.regions()).map(Region::of).toList()),
                row.message(), row.scheduled(), List.of(row.accounts())), row.attempts()));
    }

    public void progress(long id, String progress) {
        dao.progress(id, progress, now());
    }

    /** Ends scan {@code id}: {@code completed}, or {@code failed: why}. An ended scan stays as it ended. */
    public void finished(long id, String outcome) {
        finished(id, outcome, OptionalLong.empty());
    }

    /** Ends scan {@code id}, its findings stored as scan {@code stored} when it got that far. An ended scan stays as it ended. */
    public void finished(long id, String outcome, OptionalLong stored) {
        dao.finish(id, outcome, stored.isPresent() ? stored.getAsLong() : null, now());
    }

    /** Where scan {@code id} is: queued, running, completed or failed; how many times it was taken; how it ended. */
    public record State(String status, int attempts, String outcome) {
    }

    public Optional<State> state(long id) {
        return dao.state(id);
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
