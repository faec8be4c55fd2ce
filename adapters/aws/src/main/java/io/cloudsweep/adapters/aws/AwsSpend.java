package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.report.Spend;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.costexplorer.model.Dimension;
import software.amazon.awssdk.services.costexplorer.model.GetCostAndUsageResponse;
import software.amazon.awssdk.services.costexplorer.model.Granularity;
import software.amazon.awssdk.services.costexplorer.model.MetricValue;
import software.amazon.awssdk.services.costexplorer.model.ResultByTime;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * An account's spend on the services its cleanups touched, from Cost Explorer ({@code ce:GetCostAndUsage}, unblended
 * cost): the 30 days before its first cleanup, and the days since (the last 30 at most). Two calls, each billed $0.01 by
 * AWS: callers keep the answer for a week.
 */
final class AwsSpend {

    /** Cost Explorer's SERVICE of each kind of resource CloudSweep cleans up. */
    private static final Map<ResourceType, String> SERVICES = Map.of(
            ResourceType.EBS_VOLUME, "EC2 - Other",
            ResourceType.EBS_SNAPSHOT, "EC2 - Other",
            ResourceType.AMI, "EC2 - Other",
            ResourceType.ELASTIC_IP, "Amazon Virtual Private Cloud",
            ResourceType.EC2_INSTANCE, "Amazon Elastic Compute Cloud - Compute",
            ResourceType.RDS_INSTANCE, "Amazon Relational Database Service",
            ResourceType.LOAD_BALANCER, "Amazon Elastic Load Balancing");
    private static final int WINDOW_DAYS = 30;

    private final CostExplorerClient costExplorer;
    private final Clock clock;

    AwsSpend(CostExplorerClient costExplorer, Clock clock) {
        this.costExplorer = costExplorer;
        this.clock = clock;
    }

    Spend spend(String accountId, Collection<ResourceType> types, LocalDate firstCleanup) {
        List<String> services = List.copyOf(new TreeSet<>(types.stream().map(SERVICES::get).toList()));
        LocalDate today = clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate sinceFrom = firstCleanup.isBefore(today.minusDays(WINDOW_DAYS)) ? today.minusDays(WINDOW_DAYS) : firstCleanup;
        Spend.Window before = window(services, firstCleanup.minusDays(WINDOW_DAYS), firstCleanup);
        Spend.Window since = sinceFrom.isBefore(today) ? window(services, sinceFrom, today) : new Spend.Window(today, today, Money.ZERO);
        return new Spend(accountId, services, before, since, clock.instant());
    }

    /** What the services cost on days [{@code from}, {@code to}), day by day, added up. */
    private Spend.Window window(List<String> services, LocalDate from, LocalDate to) {
        BigDecimal total = BigDecimal.ZERO;
        String token = null;
        do {
            String page = token;
            GetCostAndUsageResponse response = Iam.call(Iam.CE_GET_COST_AND_USAGE, () -> costExplorer.getCostAndUsage(r -> r
                    .timePeriod(p -> p.start(from.toString()).end(to.toString()))
                    .granularity(Granularity.DAILY).metrics("UnblendedCost")
                    .filter(f -> f.dimensions(d -> d.key(Dimension.SERVICE).values(services)))
                    .nextPageToken(page)));
            for (ResultByTime day : response.resultsByTime()) {
                MetricValue cost = day.total().get("UnblendedCost");
                if (cost != null && cost.amount() != null) {
                    total = total.add(new BigDecimal(cost.amount()));
                }
            }
            token = response.nextPageToken();
        } while (token != null && !token.isEmpty());
        return new Spend.Window(from, to, Money.usd(total).toCents());
    }
}
