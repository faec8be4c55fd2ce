package io.cloudsweep.storage;

import io.cloudsweep.engine.store.Organization;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AwsAccountsTest {

    @Test
    void anAccountIsConnectedOnceAndStartsInDryRun() {
        Database database = TestDatabase.get();
        Organization acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T1", "Acme");
        AwsAccounts accounts = new AwsAccounts(database);

        AwsAccounts.Connected first = accounts.connect(acme.id(), "210987654321", "prod",
                Optional.of("arn:aws:iam::210987654321:role/CloudSweepScan"), Optional.of("cs-4f9a2b"), false);
        AwsAccounts.Connected again = accounts.connect(acme.id(), "210987654321", "renamed", Optional.empty(), Optional.empty(), true);

        assertThat(again).isEqualTo(first);
        assertThat(first.cleanupsEnabled()).isFalse();
        assertThat(first.regions()).isEmpty();
        assertThat(first.roleArn()).contains("arn:aws:iam::210987654321:role/CloudSweepScan");
        assertThat(new Organizations(database).ensure(Organization.Platform.SLACK, "T1", "Other name")).isEqualTo(acme);
    }
}
