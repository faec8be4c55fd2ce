package io.cloudsweep.storage;

import io.cloudsweep.engine.store.AuditArchive;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.FetchSize;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Copies each organization's audit entries out of the database, a day at a time, into an {@link AuditArchive}: one
 * object per organization and day ({@code <organization>/<yyyy>/<MM>/<dd>.jsonl}), one JSON line per entry, in the
 * order of the audit log. Only whole days are exported (those before today, UTC), each once.
 *
 * <p>Each line carries the entry as the database chains it ({@code prev_hash}, {@code hash}) and a chain of the
 * organization's own: {@code chain_hash} = SHA-256 of {@code chain_prev} and {@code hash}, where {@code chain_prev} is
 * the line before's {@code chain_hash}, the previous object's last one for a first line, and 64 zeros for the
 * organization's very first. A removed line, or a removed object before the last, breaks it.
 *
 * <p>Safe to rerun and to run on two replicas at once: a session lock lets one export at a time, an object is written
 * only where none is, and an object an interrupted run wrote but did not record is checked byte for byte before it is
 * recorded. Thread-safe.
 */
public final class AuditExports {

    private static final Logger LOG = LoggerFactory.getLogger(AuditExports.class);
    static final long EXPORT_LOCK = 0x4175646974457870L;

    /** What a run did: objects written (or found written by an earlier run), entries in them, and what went wrong. */
    public record Outcome(int objects, int entries, List<String> problems) {
    }

    interface Dao {
        record Entry(long id, long organizationId, OffsetDateTime occurredAt, String actor, String action, String subject, String details,
                     String prevHash, String hash) {
        }

        record Export(long organizationId, LocalDate day, String objectKey, int entries, long firstEntryId, long lastEntryId,
                      String lastChainHash, OffsetDateTime exportedAt) {
        }

        @SqlQuery("SELECT pg_try_advisory_lock(:lock)")
        boolean tryLock(@Bind("lock") long lock);

        @SqlQuery("SELECT pg_advisory_unlock(:lock)")
        boolean unlock(@Bind("lock") long lock);

        @SqlQuery("SELECT id FROM organizations ORDER BY id")
        List<Long> organizations();

        @SqlQuery("""
                SELECT organization_id, day, object_key, entries, first_entry_id, last_entry_id, last_chain_hash, exported_at
                FROM audit_exports WHERE organization_id = :organization ORDER BY day DESC LIMIT 1""")
        @RegisterConstructorMapper(Export.class)
        Optional<Export> last(@Bind("organization") long organization);

        @SqlQuery("""
                SELECT id, organization_id, occurred_at, actor, action, subject, details::text AS details, prev_hash, hash
                FROM audit_log WHERE organization_id = :organization AND id > :after AND occurred_at < :before ORDER BY id""")
        @RegisterConstructorMapper(Entry.class)
        @FetchSize(1000)
        Stream<Entry> pending(@Bind("organization") long organization, @Bind("after") long after, @Bind("before") OffsetDateTime before);

        @SqlUpdate("""
                INSERT INTO audit_exports (organization_id, day, object_key, entries, first_entry_id, last_entry_id, last_chain_hash, exported_at)
                VALUES (:organizationId, :day, :objectKey, :entries, :firstEntryId, :lastEntryId, :lastChainHash, :exportedAt)""")
        void record(@BindMethods Export export);
    }

    private final Jdbi jdbi;
    private final Clock clock;

    public AuditExports(Database database, Clock clock) {
        this.jdbi = database.jdbi();
        this.clock = clock;
    }

    /**
     * Exports every organization's entries of whole days not exported yet. An organization whose export fails is
     * left for the next run, the others go on; its failure is in the outcome's problems.
     */
    public Outcome export(AuditArchive archive) {
        return jdbi.withHandle(handle -> {
            Dao dao = handle.attach(Dao.class);
            if (!dao.tryLock(EXPORT_LOCK)) {
                return new Outcome(0, 0, List.of("another export is running; this one did nothing"));
            }
            try {
                int objects = 0;
                int entries = 0;
                List<String> problems = new ArrayList<>();
                for (long organization : dao.organizations()) {
                    try {
                        for (Dao.Export done : exportOrganization(handle, dao, archive, organization)) {
                            objects++;
                            entries += done.entries();
                        }
                    } catch (RuntimeException e) {
                        if (e instanceof io.cloudsweep.engine.scan.InventoryException) {
                            // explained already (access denied, no such bucket, AWS unreachable): its stack adds nothing
                            LOG.error("the audit export of organization {} failed: {}", organization, e.getMessage());
                        } else {
                            LOG.error("the audit export of organization {} failed: {}", organization, e.getMessage(), e);
                        }
                        problems.add("organization " + organization + ": " + e.getMessage());
                    }
                }
                return new Outcome(objects, entries, List.copyOf(problems));
            } finally {
                dao.unlock(EXPORT_LOCK);
            }
        });
    }

    private List<Dao.Export> exportOrganization(Handle handle, Dao dao, AuditArchive archive, long organization) {
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        Optional<Dao.Export> last = dao.last(organization);
        long after = last.map(Dao.Export::lastEntryId).orElse(0L);
        String chain = last.map(Dao.Export::lastChainHash).orElse(PostgresAuditLog.GENESIS);
        // an entry committed after its day was exported goes in the next day's object: days only move forward, so
        // objects hold the entries in the log's order and the next run starts after the last one recorded
        LocalDate floor = last.map(export -> export.day().plusDays(1)).orElse(LocalDate.MIN);
        Map<LocalDate, List<Dao.Entry>> days = new LinkedHashMap<>();
        try (Stream<Dao.Entry> pending = dao.pending(organization, after, today.atStartOfDay().atOffset(ZoneOffset.UTC))) {
            LocalDate day = floor;
            for (Dao.Entry entry : (Iterable<Dao.Entry>) pending::iterator) {
                LocalDate occurred = entry.occurredAt().atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
                day = occurred.isAfter(day) ? occurred : day;
                days.computeIfAbsent(day, key -> new ArrayList<>()).add(entry);
            }
        }
        List<Dao.Export> done = new ArrayList<>();
        for (Map.Entry<LocalDate, List<Dao.Entry>> day : days.entrySet()) {
            Rendered object = render(day.getValue(), chain);
            String key = key(organization, day.getKey());
            if (!archive.writeOnce(key, object.body())) {
                byte[] there = archive.read(key).orElseThrow(() -> new IllegalStateException(archive.describe() + key + " could not be written, nor read"));
                if (!Arrays.equals(there, object.body())) {
                    throw new IllegalStateException(archive.describe() + key + " exists with other content; it was not replaced"
                            + " and this organization's export stops there until someone looks at it");
                }
            }
            Dao.Export export = new Dao.Export(organization, day.getKey(), key, day.getValue().size(), day.getValue().get(0).id(),
                    day.getValue().get(day.getValue().size() - 1).id(), object.lastChainHash(), clock.instant().atOffset(ZoneOffset.UTC));
            dao.record(export);
            chain = object.lastChainHash();
            done.add(export);
        }
        return done;
    }

    /** Where an organization's day goes in the archive. */
    static String key(long organization, LocalDate day) {
        return String.format("%d/%04d/%02d/%02d.jsonl", organization, day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    }

    record Rendered(byte[] body, String lastChainHash) {
    }

    static Rendered render(List<Dao.Entry> entries, String chainPrev) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String chain = chainPrev;
        for (Dao.Entry entry : entries) {
            String chainHash = PostgresAuditLog.hash(chain, entry.hash());
            Map<String, Object> line = new TreeMap<>();
            line.put("id", entry.id());
            line.put("organization", entry.organizationId());
            line.put("at", entry.occurredAt().toInstant().toString());
            line.put("actor", entry.actor());
            line.put("action", entry.action());
            line.put("subject", entry.subject());
            line.put("details", new TreeMap<>(Json.readMap(entry.details())));
            line.put("prev_hash", entry.prevHash());
            line.put("hash", entry.hash());
            line.put("chain_prev", chain);
            line.put("chain_hash", chainHash);
            out.writeBytes((Json.write(line) + "\n").getBytes(StandardCharsets.UTF_8));
            chain = chainHash;
        }
        return new Rendered(out.toByteArray(), chain);
    }

    /**
     * Checks one exported object as an auditor would: each line's {@code hash} is its content's, chained from its
     * {@code prev_hash}, and the organization's chain runs on from {@code chainPrev}. The object's last chain hash, for
     * the next object; or why it does not hold.
     *
     * @throws IllegalArgumentException naming the first line that does not hold
     */
    public static String verify(byte[] object, String chainPrev) {
        String chain = chainPrev;
        String[] lines = new String(object, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            Map<String, Object> line = Json.readMap(lines[i]);
            String details = Json.write(new TreeMap<>(castMap(line.get("details"))));
            Object organization = line.get("organization");
            String content = PostgresAuditLog.canonical(Optional.of(((Number) organization).longValue()), Instant.parse((String) line.get("at")),
                    (String) line.get("actor"), (String) line.get("action"), (String) line.get("subject"), details);
            if (!PostgresAuditLog.hash((String) line.get("prev_hash"), content).equals(line.get("hash"))) {
                throw new IllegalArgumentException("line " + (i + 1) + ": its content does not match its hash");
            }
            if (!chain.equals(line.get("chain_prev"))) {
                throw new IllegalArgumentException("line " + (i + 1) + ": it does not follow the line before (a line or an object is missing)");
            }
            chain = PostgresAuditLog.hash(chain, (String) line.get("hash"));
            if (!chain.equals(line.get("chain_hash"))) {
                throw new IllegalArgumentException("line " + (i + 1) + ": its chain hash is wrong");
            }
        }
        return chain;
    }

    /** The first hash of every organization's chain. */
    public static String genesis() {
        return PostgresAuditLog.GENESIS;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }
}
