package io.cloudsweep.engine.model;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricSeriesTest {

    private static final ResourceRef REF = ResourceRef.ec2Instance(new Account("111122223333", "t"), Region.of("us-east-1"), "i-1");
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 15);

    @Test
    void returnsTheDaysBeforeTodayOldestFirstIgnoringToday() {
        MetricSeries cpu = new MetricSeries(new MetricQuery(REF, Metric.EC2_CPU_UTILIZATION, Metric.Statistic.AVERAGE, 3),
                Map.of(TODAY.minusDays(3), 3.0, TODAY.minusDays(2), 2.0, TODAY.minusDays(1), 1.0, TODAY, 99.0, TODAY.minusDays(4), 4.0));

        assertThat(cpu.lastDays(TODAY, 3)).contains(List.of(3.0, 2.0, 1.0));
        assertThat(cpu.daysWithData(TODAY, 3)).isEqualTo(3);
    }

    @Test
    void aMissingDayOfAGaugeIsUnknownButOfACountIsZero() {
        Map<LocalDate, Double> gappy = Map.of(TODAY.minusDays(3), 5.0, TODAY.minusDays(1), 7.0);
        MetricSeries cpu = new MetricSeries(new MetricQuery(REF, Metric.EC2_CPU_UTILIZATION, Metric.Statistic.AVERAGE, 3), gappy);
        MetricSeries requests = new MetricSeries(new MetricQuery(REF, Metric.ALB_REQUEST_COUNT, Metric.Statistic.SUM, 3), gappy);

        assertThat(cpu.lastDays(TODAY, 3)).isEmpty();
        assertThat(cpu.daysWithData(TODAY, 3)).isEqualTo(2);
        assertThat(requests.lastDays(TODAY, 3)).contains(List.of(5.0, 0.0, 7.0));
    }
}
