package io.cloudsweep.storage;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the database is: a PostgreSQL server at {@code url}, or, with no URL, the embedded PostgreSQL with its
 * files under {@code dataDir/postgres}.
 *
 * @param poolSize connections in the pool: 10 by default: PostgreSQL's rule of thumb for 2 cores (2 x cores + 1) for queries
 *                 and the scheduler, plus two for each of the 2 cleanup workers (one holds the cleanup, one stores its steps)
 */
public record DatabaseSettings(Optional<String> url, Optional<String> user, Optional<String> password, Path dataDir, int poolSize) {

    public static final int DEFAULT_POOL_SIZE = 10;

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(dataDir, "dataDir");
        url.ifPresent(value -> {
            if (!value.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("CLOUDSWEEP_DB_URL must be a PostgreSQL JDBC URL such as"
                        + " jdbc:postgresql://db.example.com:5432/cloudsweep, not '" + value + "'");
            }
        });
        if (poolSize < 1) {
            throw new IllegalArgumentException("the connection pool needs at least one connection");
        }
    }

    /** From {@code CLOUDSWEEP_DB_URL}, {@code CLOUDSWEEP_DB_USER} and {@code CLOUDSWEEP_DB_PASSWORD}. */
    public static DatabaseSettings fromEnvironment(Map<String, String> environment, Path dataDir) {
        return new DatabaseSettings(nonBlank(environment.get("CLOUDSWEEP_DB_URL")), nonBlank(environment.get("CLOUDSWEEP_DB_USER")),
                nonBlank(environment.get("CLOUDSWEEP_DB_PASSWORD")), dataDir, DEFAULT_POOL_SIZE);
    }

    public static DatabaseSettings embedded(Path dataDir) {
        return new DatabaseSettings(Optional.empty(), Optional.empty(), Optional.empty(), dataDir, DEFAULT_POOL_SIZE);
    }

    /** These settings with a pool large enough for {@code workers} cleanups running at once besides everything else. */
    public DatabaseSettings withCleanupWorkers(int workers) {
        return new DatabaseSettings(url, user, password, dataDir, DEFAULT_POOL_SIZE - 4 + 2 * workers);
    }

    public boolean isEmbedded() {
        return url.isEmpty();
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(text -> !text.isBlank());
    }
}
