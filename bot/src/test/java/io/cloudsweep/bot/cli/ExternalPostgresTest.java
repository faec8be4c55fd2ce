package io.cloudsweep.bot.cli;

import io.cloudsweep.bot.server.BotServer;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.SecretBox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same commands against an external PostgreSQL 15 server, which {@code .ci/run} starts and names in
 * {@code CLOUDSWEEP_TEST_PG15_URL} ({@code .ci/start-postgres15} does it by hand).
 */
@EnabledIfEnvironmentVariable(named = "CLOUDSWEEP_TEST_PG15_URL", matches = "jdbc:postgresql://.+")
class ExternalPostgresTest {

    private static final String URL = System.getenv("CLOUDSWEEP_TEST_PG15_URL");

    @TempDir
    Path dataDir;
    private Map<String, String> environment;

    @BeforeEach
    void emptyDatabase() {
        environment = Map.of("CLOUDSWEEP_DB_URL", URL, "CLOUDSWEEP_DB_USER", "postgres", "CLOUDSWEEP_SECRET_KEY", SecretBox.newKey());
        try (Database database = Database.open(DatabaseSettings.fromEnvironment(environment, dataDir))) {
            database.jdbi().useHandle(handle -> handle.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public"));
        }
    }

    @Test
    void migrateScanSaveAndReadinessWorkTheSame() throws Exception {
        CliRun migrate = CliRun.withEnvironment(environment, "db", "migrate", "--data-dir", dataDir.toString());
        CliRun first = CliRun.withEnvironment(environment, "scan", "--demo", "--save", "--data-dir", dataDir.toString(), "--format", "csv");
        CliRun second = CliRun.withEnvironment(environment, "scan", "--demo", "--save", "--data-dir", dataDir.toString(), "--format", "csv");

        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains("PostgreSQL at " + URL).contains(CliRun.migrations() + " migrations applied");
        long found = first.out().lines().filter(line -> !line.isBlank()).count() - 1;
        assertThat(found).isPositive();
        assertThat(first.err()).contains(found + " new");
        assertThat(second.err()).contains("0 new, " + found + " seen again");
        assertThat(dataDir.resolve("postgres")).doesNotExist();
        try (Database database = Database.open(DatabaseSettings.fromEnvironment(environment, dataDir))) {
            String version = database.jdbi().withHandle(handle -> handle.createQuery("SHOW server_version_num").mapTo(String.class).one());
            assertThat(version).startsWith("15");
            int findings = database.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM findings").mapTo(Integer.class).one());
            assertThat(findings).isEqualTo(found);
            try (BotServer server = BotServer.start("127.0.0.1", 0, database)) {
                HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(200);
            }
        }
    }
}
