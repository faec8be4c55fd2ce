package io.cloudsweep.bot;

import io.cloudsweep.adapters.aws.AwsCloud;
import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.demo.DemoCleanupActions;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.pricing.PriceCache;
import io.cloudsweep.engine.scan.CloudInventory;
import io.cloudsweep.engine.scan.PriceFetcher;

import java.time.Clock;

/**
 * The cloud a command reads: the demo account, or one AWS account through the AWS adapter, with where to
 * find the prices the embedded book lacks. Close it when done.
 */
public record CloudConnection(CloudInventory inventory, CleanupActions actions, Account account, PriceFetcher prices, AutoCloseable resources)
        implements AutoCloseable {

    /** The demo account, cleaned up in memory: every price it needs is embedded. */
    public static CloudConnection demo(Clock clock) {
        DemoCloud cloud = DemoCloud.at(clock.instant());
        return new CloudConnection(cloud, new DemoCleanupActions(cloud, clock), DemoCloud.ACCOUNT, PriceFetcher.NONE, () -> { });
    }

    /**
     * Connects to AWS and learns the account; missing prices come from the Pricing API, remembered for a day
     * in {@code priceCache}.
     *
     * @throws io.cloudsweep.engine.scan.InventoryException when AWS cannot be reached or denies access
     */
    public static CloudConnection aws(AwsOptions options, PriceCache priceCache, Clock clock) {
        AwsCloud cloud = AwsCloud.connect(options);
        return new CloudConnection(cloud, cloud.cleanupActions(clock), cloud.account(), cloud.priceFetcher(priceCache, clock), cloud);
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not close the connection to the cloud", e);
        }
    }
}
