package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.model.Action;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a dry run and an impossible undo say, as sentences. */
class DryRunWordsTest {

    @Test
    void aDryRunSaysWhichBackupWouldBeTakenOrWhyNoneIsNeeded() {
        List<String> said = new ArrayList<>();
        DryRunActions dryRun = new DryRunActions();

        dryRun.backUp(null, "F-1", CleanupPlan.forAction(Action.STOP_DB_INSTANCE), said::add);
        dryRun.backUp(null, "F-2", CleanupPlan.forAction(Action.DELETE_SNAPSHOT), said::add);
        dryRun.backUp(null, "F-3", CleanupPlan.forAction(Action.DELETE_VOLUME), said::add);

        assertThat(said).containsExactly("dry run: no backup would be taken (a stopped database keeps its storage)",
                "dry run: no backup would be taken (the snapshot is itself a backup nothing uses)",
                "dry run: a snapshot of the volume, tagged with the finding would be taken");
    }

    @Test
    void anImpossibleUndoGivesItsReasonAsAClause() {
        assertThat(Action.DELETE_SNAPSHOT.undo().why()).isEqualTo("a deleted snapshot cannot be brought back");
        assertThat(Action.STOP_INSTANCE.undo().why()).isEqualTo("start the instance again");
    }
}
