package io.cloudsweep.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One embedded PostgreSQL for the storage tests, migrated once; each test starts from empty tables. */
final class TestDatabase {

    private static Database database;

    private TestDatabase() {
    }

    static synchronized Database get() {
        if (database == null) {
            try {
                Path dataDir = Files.createTempDirectory("cloudsweep-storage-test");
                database = Database.open(DatabaseSettings.embedded(dataDir));
                database.migrate();
                Runtime.getRuntime().addShutdownHook(new Thread(database::close));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        database.jdbi().useHandle(handle -> handle.execute("""
                TRUNCATE organizations, members, aws_accounts, scans, findings, decisions, exclusions, cleanups, audit_log,
                         chat_installations, api_keys, price_cache, oauth_states, rate_buckets, chat_deliveries RESTART IDENTITY CASCADE"""));
        return database;
    }
}
