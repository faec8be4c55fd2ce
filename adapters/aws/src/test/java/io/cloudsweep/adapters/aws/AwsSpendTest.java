package io.cloudsweep.adapters.aws;

import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.report.Spend;
import io.cloudsweep.engine.scan.InventoryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AWS's own spend figures, read from Cost Explorer's wire protocol on the loopback fake: two calls, the right services, the sums. */
class AwsSpendTest {

    private static final Instant NOW = Instant.parse("2026-12-04T09:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

    private FakeAws fake;
    private AwsCloud cloud;

    @BeforeEach
    void start() throws java.io.IOException {
        fake = FakeAws.start(DemoCloud.at(AwsCloudTest.NOW), DemoCloud.ACCOUNT, AwsCloudTest.NOW)
                .dailyCost("EC2 - Other", TODAY.minusDays(200), "12.00")
                .dailyCost("EC2 - Other", TODAY.minusDays(10), "2.00")
                .dailyCost("Amazon Relational Database Service", TODAY.minusDays(200), "5.00")
                .dailyCost("Amazon Elastic Load Balancing", TODAY.minusDays(200), "100.00");
        cloud = AwsCloud.connect(AwsOptions.defaults().withEndpoint(fake.endpoint()).withCredentials(AwsCloudTest.KEYS));
    }

    @AfterEach
    void stop() {
        cloud.close();
        fake.close();
    }

    @Test
    void theServicesCleanedUpAreSummedBeforeTheFirstCleanupAndSince() {
        Spend spend = cloud.spend(List.of(ResourceType.EBS_VOLUME, ResourceType.EBS_SNAPSHOT, ResourceType.RDS_INSTANCE), TODAY.minusDays(10),
                Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(spend.accountId()).isEqualTo(DemoCloud.ACCOUNT.id());
        assertThat(spend.services()).containsExactly("Amazon Relational Database Service", "EC2 - Other");
        assertThat(spend.before().from()).isEqualTo(TODAY.minusDays(40));
        assertThat(spend.before().amount()).as("30 days of $12 + $5; load balancers not asked for").isEqualTo(Money.usd("510.00"));
        assertThat(spend.since().from()).isEqualTo(TODAY.minusDays(10));
        assertThat(spend.since().to()).isEqualTo(TODAY);
        assertThat(spend.since().amount()).isEqualTo(Money.usd("70.00"));
        assertThat(spend.since().per30Days()).isEqualTo(Money.usd("210.00"));
        assertThat(fake.calls("ce:GetCostAndUsage")).as("one call per window").isEqualTo(2);
    }

    @Test
    void anAccountThatDoesNotGrantCostExplorerSaysSoByItsAction() {
        fake.deny("ce:GetCostAndUsage");

        assertThatThrownBy(() -> cloud.spend(List.of(ResourceType.EBS_VOLUME), TODAY.minusDays(60), Clock.fixed(NOW, ZoneOffset.UTC)))
                .isInstanceOf(InventoryException.class).hasMessageContaining("access denied to ce:GetCostAndUsage");
    }
}
