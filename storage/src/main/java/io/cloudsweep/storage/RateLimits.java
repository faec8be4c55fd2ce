package io.cloudsweep.storage;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.time.Duration;
import java.util.Optional;

/**
 * Token buckets in PostgreSQL, so that every replica draws on the same tokens: a bucket holds up to {@code capacity}
 * tokens, refilled at {@code perSecond}; each request takes one. One statement takes a token or finds none, under the
 * bucket's row lock, with the database's clock. Thread-safe.
 */
public final class RateLimits {

    /** A bucket's size and refill rate. */
    public record Limit(int capacity, double perSecond) {
        public Limit {
            if (capacity < 1 || perSecond <= 0) {
                throw new IllegalArgumentException("a limit needs a capacity of 1 or more and a positive rate");
            }
        }
    }

    interface Dao {
        @SqlQuery("""
                INSERT INTO rate_buckets AS b (bucket, tokens, updated_at) VALUES (:bucket, :capacity - 1, clock_timestamp())
                ON CONFLICT (bucket) DO UPDATE SET
                    tokens = LEAST(:capacity, b.tokens + :rate * EXTRACT(EPOCH FROM clock_timestamp() - b.updated_at)) - 1,
                    updated_at = clock_timestamp()
                WHERE LEAST(:capacity, b.tokens + :rate * EXTRACT(EPOCH FROM clock_timestamp() - b.updated_at)) >= 1
                RETURNING tokens""")
        Optional<Double> take(@Bind("bucket") String bucket, @Bind("capacity") int capacity, @Bind("rate") double rate);

        @SqlQuery("""
                SELECT LEAST(:capacity, tokens + :rate * EXTRACT(EPOCH FROM clock_timestamp() - updated_at)) FROM rate_buckets
                WHERE bucket = :bucket""")
        Optional<Double> tokens(@Bind("bucket") String bucket, @Bind("capacity") int capacity, @Bind("rate") double rate);
    }

    private final Jdbi jdbi;

    public RateLimits(Database database) {
        this.jdbi = database.jdbi();
    }

    /** Takes a token from {@code bucket}: empty when there was one, else how long until there is. */
    public Optional<Duration> take(String bucket, Limit limit) {
        return jdbi.withExtension(Dao.class, dao -> {
            if (dao.take(bucket, limit.capacity(), limit.perSecond()).isPresent()) {
                return Optional.<Duration>empty();
            }
            double tokens = dao.tokens(bucket, limit.capacity(), limit.perSecond()).orElse(0.0);
            double seconds = Math.max(0, 1 - tokens) / limit.perSecond();
            return Optional.of(Duration.ofMillis(Math.max(1, (long) Math.ceil(seconds * 1000))));
        });
    }
}
