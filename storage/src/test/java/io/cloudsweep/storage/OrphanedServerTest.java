package io.cloudsweep.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A CloudSweep that dies without stopping its embedded PostgreSQL (here: a process that halts, running no shutdown
 * hook, as kill -9 does) leaves the server running on its data directory; the next start stops the orphan and starts
 * afresh on the same files, nothing lost.
 */
class OrphanedServerTest {

    @TempDir
    Path dataDir;

    /** The process that dies: opens the database, writes a row, and halts with its PostgreSQL still up. */
    public static final class Dying {
        public static void main(String[] args) {
            Database database = Database.open(DatabaseSettings.embedded(Path.of(args[0])));
            database.migrate();
            database.jdbi().useHandle(handle -> handle.execute("INSERT INTO organizations (platform, external_id, name) VALUES ('slack', 'T0DEAD', 'Dead')"));
            System.out.println("written");
            System.out.flush();
            Runtime.getRuntime().halt(9);
        }
    }

    @Test
    void theNextStartStopsAServerLeftRunningAndFindsItsData() throws Exception {
        Process dying = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Dying.class.getName(), dataDir.toString()).redirectErrorStream(true).start();
        String output = new String(dying.getInputStream().readAllBytes());
        assertThat(dying.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(dying.exitValue()).as(output).isEqualTo(9);
        List<String> pidFile = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
        ProcessHandle orphan = ProcessHandle.of(Long.parseLong(pidFile.get(0).trim())).orElseThrow();
        assertThat(orphan.isAlive()).as("left running by the process that died").isTrue();

        try (Database restarted = Database.open(DatabaseSettings.embedded(dataDir))) {
            String name = restarted.jdbi().withHandle(handle -> handle.createQuery("SELECT name FROM organizations WHERE external_id = 'T0DEAD'")
                    .mapTo(String.class).one());
            assertThat(name).isEqualTo("Dead");
        }
        assertThat(orphan.isAlive()).as("the orphan was stopped").isFalse();
    }
}
