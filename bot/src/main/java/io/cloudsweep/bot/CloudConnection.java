package io.cloudsweep.bot;

import io.cloudsweep.adapters.aws.AwsCloud;
import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.scan.CloudInventory;

import java.time.Instant;

/** The cloud a command reads: the demo account, or one AWS account through the AWS adapter. Close it when done. */
public record CloudConnection(CloudInventory inventory, Account account, AutoCloseable resources) implements AutoCloseable {

    public static CloudConnection demo(Instant now) {
        return new CloudConnection(DemoCloud.at(now), DemoCloud.ACCOUNT, () -> { });
    }

    /**
     * Connects to AWS and learns the account.
     *
     * @throws io.cloudsweep.engine.scan.InventoryException when AWS cannot be reached or denies access
     */
    public static CloudConnection aws(AwsOptions options) {
        AwsCloud cloud = AwsCloud.connect(options);
        return new CloudConnection(cloud, cloud.account(), cloud);
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
