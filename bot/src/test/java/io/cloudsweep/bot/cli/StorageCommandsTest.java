package io.cloudsweep.bot.cli;

import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code db migrate} and {@code scan --save} on the embedded PostgreSQL, and configuration errors. */
class StorageCommandsTest {

    @TempDir
    Path dataDir;

    @Test
    void migrateAppliesTheSchemaOnceAndSaysSo() throws java.io.IOException {
        long migrations = CliRun.migrations();
        CliRun first = CliRun.of("db", "migrate", "--data-dir", dataDir.toString());
        CliRun second = CliRun.of("db", "migrate", "--data-dir", dataDir.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("embedded PostgreSQL in " + dataDir.resolve("postgres")).contains(migrations + " migrations applied");
        assertThat(second.out()).contains("0 migrations applied; the schema is up to date");
    }

    @Test
    void twoSavedDemoScansLeaveEachFindingOnceWithFirstSeenFromTheFirstRun() {
        CliRun first = CliRun.of("scan", "--demo", "--save", "--data-dir", dataDir.toString(), "--format", "json");
        CliRun second = CliRun.of("scan", "--demo", "--save", "--data-dir", dataDir.toString(), "--min-monthly-cost", "100");

        assertThat(first.exitCode()).as(first.err()).isZero();
        int found = totalFindings(first.out());
        assertThat(first.err()).contains("saved scan 1: " + found + " new, 0 seen again, 0 resolved, 0 excluded findings");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("saved scan 2: 0 new, " + found + " seen again, 0 resolved");
        assertThat(second.out()).contains("Total: $1,233.60 a month").doesNotContain("vol-0e41b7c2d9a3f0101");
        try (Database database = Database.open(DatabaseSettings.embedded(dataDir))) {
            List<Map<String, Object>> rows = database.jdbi().withHandle(handle -> handle.createQuery(
                    "SELECT resource_id, first_scan_id, last_scan_id, first_seen FROM findings").mapToMap().list());
            assertThat(rows).hasSize(found).allSatisfy(row -> {
                assertThat(row.get("first_scan_id")).isEqualTo(1L);
                assertThat(row.get("last_scan_id")).isEqualTo(2L);
                assertThat(((Timestamp) row.get("first_seen")).toInstant()).isEqualTo(CliRun.NOW);
            });
        }
    }

    @Test
    void aDatabaseUrlThatIsNotPostgresIsRefused() {
        CliRun run = CliRun.withEnvironment(Map.of("CLOUDSWEEP_DB_URL", "jdbc:mysql://db/cloudsweep"), "db", "migrate");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("cloudsweep: CLOUDSWEEP_DB_URL must be a PostgreSQL JDBC URL");
    }

    @Test
    void serveWithAnExternalDatabaseNeedsTheSecretKey() {
        CliRun run = CliRun.withEnvironment(Map.of("CLOUDSWEEP_DB_URL", "jdbc:postgresql://127.0.0.1:9/cloudsweep"), "serve",
                "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("CLOUDSWEEP_SECRET_KEY is required with CLOUDSWEEP_DB_URL");
    }

    @Test
    void serveRefusesABadSecretKeyAndAnUnreachableDatabaseClearly() {
        CliRun badKey = CliRun.withEnvironment(Map.of("CLOUDSWEEP_SECRET_KEY", "short"), "serve", "--data-dir", dataDir.toString());
        CliRun unreachable = CliRun.withEnvironment(Map.of("CLOUDSWEEP_DB_URL", "jdbc:postgresql://127.0.0.1:9/cloudsweep",
                "CLOUDSWEEP_SECRET_KEY", io.cloudsweep.storage.SecretBox.newKey()), "serve", "--data-dir", dataDir.toString());

        assertThat(badKey.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badKey.err()).contains("CLOUDSWEEP_SECRET_KEY").contains("openssl rand -base64 32");
        assertThat(unreachable.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unreachable.err()).startsWith("cloudsweep: cannot connect to the PostgreSQL server at jdbc:postgresql://127.0.0.1:9/cloudsweep");
    }

    private static int totalFindings(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).get("totals").get("findings").asInt();
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
