package io.cloudsweep.engine.cleanup;

import io.cloudsweep.engine.config.InvalidConfigurationException;
import io.cloudsweep.engine.config.Settings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CleanupLimitsTest {

    @Test
    void theDefaultsAreFiftyAnHourSevenDaysOfUndoAndTwoWorkers() {
        assertThat(CleanupLimits.defaults()).isEqualTo(new CleanupLimits(50, Duration.ofDays(7), 2));
    }

    @Test
    void aSettingsFileSetsAllThree() {
        CleanupLimits limits = CleanupLimits.from(Settings.of(Map.of("cleanup.max-per-account-per-hour", "1000",
                "cleanup.undo-window-days", "3", "cleanup.workers", "24")));

        assertThat(limits).isEqualTo(new CleanupLimits(1000, Duration.ofDays(3), 24));
    }

    @Test
    void workersOutsideOneToSixtyFourAreRefusedWithTheRange() {
        for (String workers : new String[] {"0", "65", "many"}) {
            assertThatThrownBy(() -> CleanupLimits.from(Settings.of(Map.of("cleanup.workers", workers))))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("cleanup.workers").hasMessageContaining("a whole number from 1 to 64");
        }
    }
}
