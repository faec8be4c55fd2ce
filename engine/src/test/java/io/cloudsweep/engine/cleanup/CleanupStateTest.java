package io.cloudsweep.engine.cleanup;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CleanupStateTest {

    @Test
    void theHappyPathCarriesTheBackupToTheEndAndCanBeUndone() {
        CleanupState.Approved approved = new CleanupState.Approved();
        CleanupState.Executing executing = approved.validate().stillWaste().backedUp("snap-0abc");
        CleanupState.Done done = executing.executed().verified();
        CleanupState.RolledBack undone = done.rolledBack("vol-0new created from snap-0abc in us-east-1a; not re-attached");

        assertThat(List.of(approved, approved.validate(), approved.validate().stillWaste(), executing, executing.executed(), done, undone))
                .extracting(CleanupState::id)
                .containsExactly("approved", "validating", "backing_up", "executing", "verifying", "done", "rolled_back");
        assertThat(done.backupId()).contains("snap-0abc");
        assertThat(undone.backupId()).contains("snap-0abc");
        assertThat(done.isFinished()).isTrue();
        assertThat(executing.isFinished()).isFalse();
    }

    @Test
    void validationCanAbortWithoutTouchingAnythingAndLaterStepsCanFailKeepingTheBackup() {
        CleanupState.Aborted aborted = new CleanupState.Validating().abort("vol-1 is attached to i-9 again");
        CleanupState.Failed failed = new CleanupState.Executing("snap-0abc").fail("DeleteVolume: VolumeInUse");

        assertThat(aborted.isFinished()).isTrue();
        assertThat(aborted.backupId()).isEmpty();
        assertThat(failed.backupId()).contains("snap-0abc");
        assertThat(new CleanupState.BackingUp().fail("snapshot did not complete within 30 minutes").backupId()).isEmpty();
    }

    @Test
    void storedRowsBecomeTheSameStatesAndInconsistentOnesAreRefused() {
        for (CleanupState state : List.of(new CleanupState.Approved(), new CleanupState.Validating(), new CleanupState.BackingUp(),
                new CleanupState.Executing("snap-1"), new CleanupState.Verifying("snap-1"), new CleanupState.Done("snap-1"),
                new CleanupState.Failed("boom", Optional.of("snap-1")), new CleanupState.Aborted("attached again"),
                new CleanupState.RolledBack("snap-1", "restored"))) {
            Optional<String> detail = Optional.empty();
            if (state instanceof CleanupState.Failed failed) {
                detail = Optional.of(failed.reason());
            } else if (state instanceof CleanupState.Aborted aborted) {
                detail = Optional.of(aborted.reason());
            } else if (state instanceof CleanupState.RolledBack rolledBack) {
                detail = Optional.of(rolledBack.detail());
            }
            assertThat(CleanupState.fromStored(state.id(), state.backupId(), detail)).isEqualTo(state);
        }
        assertThatThrownBy(() -> CleanupState.fromStored("executing", Optional.empty(), Optional.empty())).hasMessageContaining("must have a backup");
        assertThatThrownBy(() -> CleanupState.fromStored("exploded", Optional.empty(), Optional.empty())).hasMessageContaining("unknown");
    }
}
