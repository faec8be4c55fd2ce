package io.cloudsweep.engine.chat;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressThrottleTest {

    private final List<Integer> shown = new ArrayList<>();

    private static Card.ScanProgress done(int regions) {
        return new Card.ScanProgress(regions, 17, regions * 10, regions, "$" + regions + ".00");
    }

    @Test
    void theFirstAndTheLastRegionAreShownAndWhatComesBetweenWithinTheIntervalIsNot() {
        ProgressThrottle throttle = new ProgressThrottle(Duration.ofHours(1), progress -> shown.add(progress.regionsDone()));

        for (int regions = 1; regions <= 17; regions++) {
            throttle.show(done(regions));
        }
        throttle.show(new Card.Text("not progress"));

        assertThat(shown).containsExactly(1, 17);
    }

    @Test
    void afterTheIntervalTheNextIsShown() {
        ProgressThrottle throttle = new ProgressThrottle(Duration.ZERO, progress -> shown.add(progress.regionsDone()));

        throttle.show(done(1));
        throttle.show(done(2));

        assertThat(shown).containsExactly(1, 2);
    }
}
