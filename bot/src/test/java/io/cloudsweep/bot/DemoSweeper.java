package io.cloudsweep.bot;

import io.cloudsweep.bot.jobs.JobScheduler;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An embedded PostgreSQL in a directory of its own and a CloudSweep with the demo account on it, for tests that stand a
 * chat up in-process (where JUnit's temporary directories are not at hand, as in jqwik's containers). Closing stops
 * both and removes the directory.
 */
public final class DemoSweeper implements AutoCloseable {

    private final Path directory;
    private final Database database;
    private final Sweeper sweeper;

    private DemoSweeper(Path directory, Database database, Sweeper sweeper) {
        this.directory = directory;
        this.database = database;
        this.sweeper = sweeper;
    }

    public static DemoSweeper start(String name) throws IOException {
        Path directory = Files.createTempDirectory(name);
        Database database = Database.open(DatabaseSettings.embedded(directory));
        database.migrate();
        Clock clock = Clock.systemUTC();
        Sweeper sweeper = Sweeper.start(database, EngineSettings.load(null), Clouds.of(database, true, Map.of(), clock), clock,
                JobScheduler.Options.defaults());
        return new DemoSweeper(directory, database, sweeper);
    }

    public Database database() {
        return database;
    }

    public Sweeper sweeper() {
        return sweeper;
    }

    @Override
    public void close() {
        sweeper.close();
        database.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
