package io.cloudsweep.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class OAuthStatesTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private Database database;
    private OAuthStates states;

    @BeforeEach
    void setUp() {
        database = TestDatabase.get();
        states = new OAuthStates(database, clock);
    }

    @Test
    void aStateIsHonouredOnceAndOnlyForItsPlatform() {
        states.issue("slack", "s-1", Duration.ofMinutes(10));

        assertThat(states.isLive("slack", "s-1")).isTrue();
        assertThat(states.isLive("teams", "s-1")).isFalse();
        assertThat(states.isLive("slack", "s-2")).isFalse();
        assertThat(states.consume("slack", "s-1")).isTrue();
        assertThat(states.isLive("slack", "s-1")).isFalse();
        assertThat(states.consume("slack", "s-1")).isFalse();
    }

    @Test
    void aStateExpiresAndExpiredOnesAreSweptWhenTheNextIsIssued() {
        states.issue("slack", "old", Duration.ofMinutes(10));
        now.set(now.get().plus(Duration.ofMinutes(10)));

        assertThat(states.isLive("slack", "old")).isFalse();
        states.issue("slack", "new", Duration.ofMinutes(10));
        int rows = database.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM oauth_states").mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(1);
        assertThat(states.isLive("slack", "new")).isTrue();
    }
}
