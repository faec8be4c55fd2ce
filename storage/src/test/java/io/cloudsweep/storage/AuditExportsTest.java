package io.cloudsweep.storage;

import io.cloudsweep.engine.store.AuditArchive;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.Organization;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The nightly audit export on the real database, into an archive kept in memory (the S3 wire is tested in adapters/aws). */
class AuditExportsTest {

    /** An archive that, like S3 with If-None-Match, never replaces an object. */
    static final class MemoryArchive implements AuditArchive {
        final Map<String, byte[]> objects = new TreeMap<>();

        @Override
        public boolean writeOnce(String key, byte[] body) {
            return objects.putIfAbsent(key, body.clone()) == null;
        }

        @Override
        public Optional<byte[]> read(String key) {
            return Optional.ofNullable(objects.get(key));
        }

        @Override
        public String describe() {
            return "memory:";
        }
    }

    private Database database;
    private PostgresAuditLog log;
    private long acme;
    private long globex;
    private final MemoryArchive archive = new MemoryArchive();

    @BeforeEach
    void setUp() {
        database = TestDatabase.get();
        log = new PostgresAuditLog(database);
        Organizations organizations = new Organizations(database);
        acme = organizations.ensure(Organization.Platform.SLACK, "T-ACME", "Acme").id();
        globex = organizations.ensure(Organization.Platform.SLACK, "T-GLOBEX", "Globex").id();
        append(acme, "2026-12-01T09:00:00Z", "finding.approved");
        append(globex, "2026-12-01T10:00:00Z", "finding.rejected");
        append(acme, "2026-12-01T23:59:59.999999Z", "cleanup.done");
        append(acme, "2026-12-02T08:00:00Z", "finding.snoozed");
        append(acme, "2026-12-04T08:00:00Z", "finding.approved");
    }

    private void append(long organization, String at, String action) {
        log.append(new AuditLog.Event(Optional.of(organization), Instant.parse(at), "U01", action, "finding/1", Map.of("note", "é \"quoted\"")));
    }

    private static AuditExports at(Database database, String now) {
        return new AuditExports(database, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
    }

    private String object(long organization, String day) {
        return new String(archive.objects.get(organization + "/" + day + ".jsonl"), StandardCharsets.UTF_8);
    }

    @Test
    void eachOrganizationsWholeDaysGoOneObjectEachChainedAcrossObjects() {
        AuditExports.Outcome outcome = at(database, "2026-12-04T00:30:00Z").export(archive);

        assertThat(outcome).isEqualTo(new AuditExports.Outcome(3, 4, java.util.List.of()));
        assertThat(archive.objects).containsOnlyKeys(acme + "/2026/12/01.jsonl", acme + "/2026/12/02.jsonl", globex + "/2026/12/01.jsonl");
        assertThat(object(acme, "2026/12/01").lines()).hasSize(2).allMatch(line -> line.contains("\"organization\":" + acme));
        assertThat(object(acme, "2026/12/01")).contains("\"action\":\"finding.approved\"", "\"at\":\"2026-12-01T23:59:59.999999Z\"");
        assertThat(object(globex, "2026/12/01")).doesNotContain("\"organization\":" + acme);
        String first = AuditExports.verify(archive.objects.get(acme + "/2026/12/01.jsonl"), AuditExports.genesis());
        String second = AuditExports.verify(archive.objects.get(acme + "/2026/12/02.jsonl"), first);
        assertThat(object(acme, "2026/12/02")).contains("\"chain_prev\":\"" + first + "\"", "\"chain_hash\":\"" + second + "\"");
        assertThatThrownBy(() -> AuditExports.verify(archive.objects.get(acme + "/2026/12/02.jsonl"), AuditExports.genesis()))
                .as("without the day before").hasMessageContaining("line 1: it does not follow");
    }

    @Test
    void aRerunWritesNothingAndTheNextNightGoesOn() {
        at(database, "2026-12-04T00:30:00Z").export(archive);
        Map<String, byte[]> before = new TreeMap<>(archive.objects);

        assertThat(at(database, "2026-12-04T03:00:00Z").export(archive)).isEqualTo(new AuditExports.Outcome(0, 0, java.util.List.of()));
        assertThat(archive.objects).isEqualTo(before);

        assertThat(at(database, "2026-12-05T00:30:00Z").export(archive).objects()).isEqualTo(1);
        String december2 = AuditExports.verify(archive.objects.get(acme + "/2026/12/02.jsonl"),
                AuditExports.verify(archive.objects.get(acme + "/2026/12/01.jsonl"), AuditExports.genesis()));
        AuditExports.verify(archive.objects.get(acme + "/2026/12/04.jsonl"), december2);
    }

    @Test
    void anEntryCommittedAfterItsDayWasExportedGoesInTheNextObjectAndTheChainHolds() {
        at(database, "2026-12-03T00:30:00Z").export(archive);
        append(acme, "2026-12-02T23:59:00Z", "cleanup.done");

        at(database, "2026-12-04T00:30:00Z").export(archive);

        assertThat(object(acme, "2026/12/03")).contains("\"at\":\"2026-12-02T23:59:00Z\"");
        String december1 = AuditExports.verify(archive.objects.get(acme + "/2026/12/01.jsonl"), AuditExports.genesis());
        String december2 = AuditExports.verify(archive.objects.get(acme + "/2026/12/02.jsonl"), december1);
        AuditExports.verify(archive.objects.get(acme + "/2026/12/03.jsonl"), december2);
    }

    @Test
    void anObjectWrittenByARunThatDiedBeforeRecordingItIsCheckedThenRecorded() {
        at(database, "2026-12-04T00:30:00Z").export(archive);
        forgetExports();

        AuditExports.Outcome again = at(database, "2026-12-04T00:30:00Z").export(archive);

        assertThat(again).isEqualTo(new AuditExports.Outcome(3, 4, java.util.List.of()));
    }

    @Test
    void anObjectThatDiffersIsNeverReplacedAndOnlyItsOrganizationStops() {
        at(database, "2026-12-04T00:30:00Z").export(archive);
        forgetExports();
        archive.objects.put(acme + "/2026/12/01.jsonl", "{\"forged\":true}\n".getBytes(StandardCharsets.UTF_8));

        AuditExports.Outcome again = at(database, "2026-12-04T00:30:00Z").export(archive);

        assertThat(again.objects()).as("Globex's day").isEqualTo(1);
        assertThat(again.problems()).singleElement().asString()
                .contains("organization " + acme, acme + "/2026/12/01.jsonl exists with other content; it was not replaced");
        assertThat(archive.objects.get(acme + "/2026/12/01.jsonl")).asString(StandardCharsets.UTF_8).isEqualTo("{\"forged\":true}\n");
    }

    @Test
    void aChangedLineIsCaughtByTheVerification() {
        at(database, "2026-12-04T00:30:00Z").export(archive);
        byte[] changed = object(acme, "2026/12/01").replace("finding.approved", "finding.rejected").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> AuditExports.verify(changed, AuditExports.genesis())).hasMessage("line 1: its content does not match its hash");
    }

    @Test
    void oneExportRunsAtATime() {
        try (Handle other = database.jdbi().open()) {
            other.createQuery("SELECT 1 FROM (SELECT pg_advisory_lock(" + AuditExports.EXPORT_LOCK + ")) AS locked").mapTo(Integer.class).one();

            AuditExports.Outcome outcome = at(database, "2026-12-04T00:30:00Z").export(archive);

            assertThat(outcome.problems()).containsExactly("another export is running; this one did nothing");
            assertThat(archive.objects).isEmpty();
        }
    }

    private void forgetExports() {
        database.jdbi().useHandle(handle -> handle.execute("DELETE FROM audit_exports"));
    }
}
