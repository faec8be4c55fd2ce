package io.cloudsweep.storage;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The states of OAuth installs under way: issued with a lifetime, honoured once. Expired states are swept
 * as new ones are issued. Thread-safe; shared by every replica through the database.
 */
public final class OAuthStates {

    interface Dao {
        @SqlUpdate("DELETE FROM oauth_states WHERE expires_at <= :now")
        void sweep(@Bind("now") Instant now);

        @SqlUpdate("INSERT INTO oauth_states (platform, state, expires_at) VALUES (:platform, :state, :expires)")
        void add(@Bind("platform") String platform, @Bind("state") String state, @Bind("expires") Instant expiresAt);

        @SqlQuery("SELECT EXISTS (SELECT 1 FROM oauth_states WHERE platform = :platform AND state = :state AND expires_at > :now)")
        boolean live(@Bind("platform") String platform, @Bind("state") String state, @Bind("now") Instant now);

        @SqlUpdate("DELETE FROM oauth_states WHERE platform = :platform AND state = :state")
        int delete(@Bind("platform") String platform, @Bind("state") String state);

        @Transaction
        default void issue(String platform, String state, Instant now, Instant expiresAt) {
            sweep(now);
            add(platform, state, expiresAt);
        }
    }

    private final Dao dao;
    private final Clock clock;

    public OAuthStates(Database database, Clock clock) {
        this.dao = database.jdbi().onDemand(Dao.class);
        this.clock = clock;
    }

    /** Remembers a state just issued, for {@code lifetime}. */
    public void issue(String platform, String state, Duration lifetime) {
        Instant now = clock.instant();
        dao.issue(platform, state, now, now.plus(lifetime));
    }

    /** Whether {@code state} was issued here and has not expired or been used. */
    public boolean isLive(String platform, String state) {
        return dao.live(platform, state, clock.instant());
    }

    /** Forgets a state once used; true when it was still there (a second use finds nothing). */
    public boolean consume(String platform, String state) {
        return dao.delete(platform, state) == 1;
    }
}
