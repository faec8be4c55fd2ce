package io.cloudsweep.bot;

import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;

import java.nio.file.Path;
import java.util.Map;

/** Opens the configured database (embedded under the data dir when no URL is set) and brings its schema up to date. */
public final class Storage {

    private Storage() {
    }

    /**
     * @throws IllegalArgumentException when the database settings are invalid
     * @throws io.cloudsweep.storage.DatabaseException when the database cannot be reached or started
     */
    public static Database openMigrated(Map<String, String> environment, Path dataDir) {
        return openMigrated(environment, dataDir, true);
    }

    /** @param stopWithJvm false when the caller closes the database itself, last, in its own shutdown */
    public static Database openMigrated(Map<String, String> environment, Path dataDir, boolean stopWithJvm) {
        return openMigrated(environment, dataDir, stopWithJvm, CleanupLimits.DEFAULT_WORKERS);
    }

    /** As {@link #openMigrated(Map, Path, boolean)}, with connections enough for {@code cleanupWorkers} cleanups at once. */
    public static Database openMigrated(Map<String, String> environment, Path dataDir, boolean stopWithJvm, int cleanupWorkers) {
        Database database = Database.open(DatabaseSettings.fromEnvironment(environment, dataDir).withCleanupWorkers(cleanupWorkers), stopWithJvm);
        try {
            database.migrate();
            return database;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Where the data is, for messages: the embedded directory or the URL (which carries no password). */
    public static String describe(Map<String, String> environment, Path dataDir) {
        DatabaseSettings settings = DatabaseSettings.fromEnvironment(environment, dataDir);
        return settings.url().map(url -> "PostgreSQL at " + url).orElse("embedded PostgreSQL in " + dataDir.resolve("postgres"));
    }
}
