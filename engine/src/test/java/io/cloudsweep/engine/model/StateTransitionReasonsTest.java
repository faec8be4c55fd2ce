package io.cloudsweep.engine.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StateTransitionReasonsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "User initiated (2026-09-14 10:52:31 GMT)|2026-09-14T10:52:31Z",
            "Server.InternalError (2019-03-01 00:00:00 GMT)|2019-03-01T00:00:00Z",
            "User initiated (shutdown) (2025-12-31 23:59:59 GMT)|2025-12-31T23:59:59Z"})
    void readsTheTimeOutOfTheReason(String reason, String expected) {
        assertThat(StateTransitionReasons.timeOf(reason)).contains(Instant.parse(expected));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"User initiated", "Server.ScheduledStop", "(2026-13-45 99:00:00 GMT)", "(2026-09-14 10:52 GMT)"})
    void findsNoTimeWhereThereIsNone(String reason) {
        assertThat(StateTransitionReasons.timeOf(reason)).isEmpty();
    }
}
