package io.cloudsweep.engine.chat;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScanScheduleTest {

    private static ScanSchedule parse(String typed) {
        return ScanSchedule.parse(Arrays.asList(typed.split(" ")));
    }

    @Test
    void dailyAndWeeklyBecomeQuartzCronInTheirZone() {
        assertThat(parse("daily 06:00 Europe/Berlin")).isEqualTo(new ScanSchedule("0 0 6 * * ?", "Europe/Berlin", "daily 06:00 Europe/Berlin"));
        assertThat(parse("daily 6:05")).isEqualTo(new ScanSchedule("0 5 6 * * ?", "UTC", "daily 6:05"));
        assertThat(parse("weekly Monday 07:30 America/New_York").cron()).isEqualTo("0 30 7 ? * MON");
        assertThat(parse("0 0 6 ? * MON-FRI")).isEqualTo(new ScanSchedule("0 0 6 ? * MON-FRI", "UTC", "0 0 6 ? * MON-FRI"));
        assertThat(parse("0 0 6 ? * MON-FRI Asia/Tokyo").zone()).isEqualTo("Asia/Tokyo");
    }

    @Test
    void whatIsNotAScheduleSaysWhatIs() {
        assertThatThrownBy(() -> parse("daily 06:00 CET+5")).hasMessageContaining("is not a timezone: use an IANA name such as Europe/Berlin");
        assertThatThrownBy(() -> parse("weekly 06:00")).hasMessageContaining("schedule scan weekly DAY HH:MM [timezone]");
        assertThatThrownBy(() -> parse("0 0 6 * *")).hasMessageContaining("is not a schedule: daily HH:MM [timezone]");
        assertThatThrownBy(() -> parse("daily 06:00 Europe/Berlin extra")).hasMessageContaining("schedule scan daily HH:MM [timezone]");
    }
}
