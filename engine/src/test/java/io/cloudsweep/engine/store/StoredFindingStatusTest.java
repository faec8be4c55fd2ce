package io.cloudsweep.engine.store;

import io.cloudsweep.engine.cleanup.CleanupState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.stream.Stream;

import static io.cloudsweep.engine.store.StoredFinding.Status.APPROVED;
import static io.cloudsweep.engine.store.StoredFinding.Status.CLEANED;
import static io.cloudsweep.engine.store.StoredFinding.Status.CLEANING;
import static io.cloudsweep.engine.store.StoredFinding.Status.FAILED;
import static io.cloudsweep.engine.store.StoredFinding.Status.OPEN;
import static io.cloudsweep.engine.store.StoredFinding.Status.RESOLVED;
import static io.cloudsweep.engine.store.StoredFinding.Status.ROLLED_BACK;
import static org.assertj.core.api.Assertions.assertThat;

/** A finding's status follows its cleanup's state, in this one place. */
class StoredFindingStatusTest {

    static Stream<Arguments> transitions() {
        return Stream.of(
                Arguments.of(OPEN, new CleanupState.Approved(), false, APPROVED, "approved: queued"),
                Arguments.of(APPROVED, new CleanupState.Validating(), false, CLEANING, "under way"),
                Arguments.of(CLEANING, new CleanupState.Verifying("snap-1"), false, CLEANING, "still under way"),
                Arguments.of(CLEANING, new CleanupState.Done("snap-1"), false, CLEANED, "done for real"),
                Arguments.of(CLEANING, new CleanupState.Done("dry-run"), true, OPEN, "a dry run leaves it open"),
                Arguments.of(CLEANING, new CleanupState.Aborted("attached again"), false, OPEN, "an abort leaves it open"),
                Arguments.of(CLEANING, new CleanupState.Failed("AccessDenied", Optional.empty()), false, FAILED, "failed"),
                Arguments.of(CLEANED, new CleanupState.RolledBack("snap-1", "restored"), false, ROLLED_BACK, "undone"),
                Arguments.of(RESOLVED, new CleanupState.Validating(), false, RESOLVED, "a resolved finding's queued cleanup does not reopen it"),
                Arguments.of(RESOLVED, new CleanupState.Aborted("no longer exists"), false, RESOLVED, "nor does its abort"),
                Arguments.of(RESOLVED, new CleanupState.Done("dry-run"), true, RESOLVED, "nor a dry run"),
                Arguments.of(RESOLVED, new CleanupState.Done("snap-1"), false, CLEANED, "but a real cleanup done is cleaned"));
    }

    @ParameterizedTest(name = "{4}")
    @MethodSource("transitions")
    void followsTheCleanup(StoredFinding.Status before, CleanupState to, boolean dryRun, StoredFinding.Status after, String why) {
        assertThat(before.after(to, dryRun)).as(why).isEqualTo(after);
    }
}
