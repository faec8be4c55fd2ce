package io.cloudsweep.storage;

import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.report.Spend;
import io.cloudsweep.engine.report.SpendReader;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** AWS's spend figures as last read for each account, or why there were none, in {@code spend_cache}. Thread-safe. */
public final class SpendCache {

    /** An answer as kept: for which first cleanup and kinds of resource, and when it was read. */
    public record Kept(LocalDate firstCleanup, Set<ResourceType> types, Instant fetchedAt, SpendReader.Answer answer) {
    }

    interface Dao {
        record Row(LocalDate firstCleanup, String[] resourceTypes, OffsetDateTime fetchedAt, String answer) {
        }

        @SqlQuery("""
                SELECT first_cleanup, resource_types, fetched_at, answer::text AS answer FROM spend_cache
                WHERE organization_id = :organization AND account_id = :account""")
        @RegisterConstructorMapper(Row.class)
        Optional<Row> find(@Bind("organization") long organization, @Bind("account") String account);

        @SqlUpdate("""
                INSERT INTO spend_cache (organization_id, account_id, first_cleanup, resource_types, fetched_at, answer)
                VALUES (:organization, :account, :first, :types, :at, CAST(:answer AS jsonb))
                ON CONFLICT (organization_id, account_id) DO UPDATE SET first_cleanup = EXCLUDED.first_cleanup,
                    resource_types = EXCLUDED.resource_types, fetched_at = EXCLUDED.fetched_at, answer = EXCLUDED.answer""")
        void put(@Bind("organization") long organization, @Bind("account") String account, @Bind("first") LocalDate first,
                 @Bind("types") String[] types, @Bind("at") OffsetDateTime at, @Bind("answer") String answer);
    }

    private final Jdbi jdbi;

    public SpendCache(Database database) {
        this.jdbi = database.jdbi();
    }

    public Optional<Kept> find(long organizationId, String accountId) {
        return jdbi.withExtension(Dao.class, dao -> dao.find(organizationId, accountId)).map(row -> new Kept(row.firstCleanup(),
                java.util.Arrays.stream(row.resourceTypes()).map(ResourceType::fromId).collect(java.util.stream.Collectors.toSet()),
                row.fetchedAt().toInstant(), answer(row.answer())));
    }

    public void put(long organizationId, String accountId, LocalDate firstCleanup, Set<ResourceType> types, Instant at,
                    SpendReader.Answer answer) {
        jdbi.useExtension(Dao.class, dao -> dao.put(organizationId, accountId, firstCleanup,
                types.stream().map(ResourceType::id).sorted().toArray(String[]::new), at.atOffset(ZoneOffset.UTC), Json.write(json(answer))));
    }

    private static Map<String, Object> json(SpendReader.Answer answer) {
        if (answer instanceof SpendReader.Answer.Unavailable none) {
            return Map.of("unavailable", none.why());
        }
        Spend spend = ((SpendReader.Answer.Read) answer).spend();
        Map<String, Object> read = new LinkedHashMap<>();
        read.put("account_id", spend.accountId());
        read.put("services", spend.services());
        read.put("before", window(spend.before()));
        read.put("since", window(spend.since()));
        read.put("fetched_at", spend.fetchedAt().toString());
        return Map.of("spend", read);
    }

    private static Map<String, Object> window(Spend.Window window) {
        return Map.of("from", window.from().toString(), "to", window.to().toString(), "usd", window.amount().amount().toPlainString());
    }

    @SuppressWarnings("unchecked")
    private static SpendReader.Answer answer(String json) {
        Map<String, Object> kept = Json.readMap(json);
        if (kept.containsKey("unavailable")) {
            return new SpendReader.Answer.Unavailable(String.valueOf(kept.get("unavailable")));
        }
        Map<String, Object> spend = (Map<String, Object>) kept.get("spend");
        return new SpendReader.Answer.Read(new Spend(String.valueOf(spend.get("account_id")), (List<String>) spend.get("services"),
                window((Map<String, Object>) spend.get("before")), window((Map<String, Object>) spend.get("since")),
                Instant.parse(String.valueOf(spend.get("fetched_at")))));
    }

    private static Spend.Window window(Map<String, Object> window) {
        return new Spend.Window(LocalDate.parse(String.valueOf(window.get("from"))), LocalDate.parse(String.valueOf(window.get("to"))),
                Money.usd(String.valueOf(window.get("usd"))));
    }
}
