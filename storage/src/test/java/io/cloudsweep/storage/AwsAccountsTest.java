package io.cloudsweep.storage;

import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.Organization;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

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

    private static AccountSettings.ConnectedAccount account(String id, String name, List<String> missing) {
        return new AccountSettings.ConnectedAccount(id, name, Optional.of("arn:aws:iam::" + id + ":role/CloudSweep"), Optional.empty(), false,
                missing, Optional.empty());
    }

    @Test
    void eachOrganizationHasItsOwnExternalIdAndKeepsIt() {
        Database database = TestDatabase.get();
        Organization one = new Organizations(database).ensure(Organization.Platform.SLACK, "T-EXT-1", "One");
        Organization two = new Organizations(database).ensure(Organization.Platform.TEAMS, "tenant-ext-2", "Two");
        AwsAccounts accounts = new AwsAccounts(database);

        String first = accounts.externalId(one.id());

        assertThat(first).matches("cs-[0-9a-f]{32}");
        assertThat(accounts.externalId(one.id())).isEqualTo(first);
        assertThat(new AwsAccounts(database).externalId(one.id())).isEqualTo(first);
        assertThat(accounts.externalId(two.id())).isNotEqualTo(first).matches("cs-[0-9a-f]{32}");
    }

    @Test
    void ruleThresholdsAreEachOrganizationsOwnAndASecondValueReplacesTheFirstAudited() {
        Database database = TestDatabase.get();
        Organization one = new Organizations(database).ensure(Organization.Platform.SLACK, "T-THR-1", "One");
        Organization two = new Organizations(database).ensure(Organization.Platform.TEAMS, "tenant-thr-2", "Two");
        AwsAccounts accounts = new AwsAccounts(database);

        accounts.setRuleThreshold(one.id(), "ec2-idle.max-cpu-percent", "3", "U0ANA");
        accounts.setRuleThreshold(one.id(), "ec2-idle.max-cpu-percent", "2", "U0BO");
        accounts.setRuleThreshold(one.id(), "ebs-unattached.detached-at-tag-keys", "DetachedAt", "U0ANA");

        assertThat(accounts.ruleThresholds(one.id())).containsExactly(java.util.Map.entry("ebs-unattached.detached-at-tag-keys", "DetachedAt"),
                java.util.Map.entry("ec2-idle.max-cpu-percent", "2"));
        assertThat(accounts.ruleThresholds(two.id())).isEmpty();
        assertThat(new PostgresAuditLog(database).recent(one.id(), 10)).filteredOn(entry -> entry.action().equals("policy.threshold"))
                .extracting(entry -> entry.actor() + " " + entry.details().get("key") + "=" + entry.details().get("value"))
                .containsExactlyInAnyOrder("U0ANA ec2-idle.max-cpu-percent=3", "U0BO ec2-idle.max-cpu-percent=2",
                        "U0ANA ebs-unattached.detached-at-tag-keys=DetachedAt");
    }

    @Test
    void anAccountBelongsToOneOrganizationAndConnectingIsAudited() {
        Database database = TestDatabase.get();
        Organization acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T-ONE-1", "Acme");
        Organization other = new Organizations(database).ensure(Organization.Platform.SLACK, "T-ONE-2", "Other");
        AwsAccounts accounts = new AwsAccounts(database);

        AccountSettings.Connecting first = accounts.connect(acme.id(), account("310987654321", "prod", List.of("ec2:DescribeVolumes")), "U0ANA");
        AccountSettings.Connecting again = accounts.connect(acme.id(), account("310987654321", "renamed", List.of()), "U0ANA");
        AccountSettings.Connecting elsewhere = accounts.connect(other.id(), account("310987654321", "theirs", List.of()), "U0BO");

        assertThat(first).isInstanceOfSatisfying(AccountSettings.Connecting.Connected.class, connected -> {
            assertThat(connected.account().name()).isEqualTo("prod");
            assertThat(connected.account().missingPermissions()).containsExactly("ec2:DescribeVolumes");
            assertThat(connected.account().cleanupsEnabled()).isFalse();
        });
        assertThat(again).isInstanceOfSatisfying(AccountSettings.Connecting.AlreadyHere.class,
                here -> assertThat(here.account().name()).isEqualTo("prod"));
        assertThat(elsewhere).isInstanceOf(AccountSettings.Connecting.Elsewhere.class);
        assertThat(accounts.accounts(other.id())).isEmpty();
        PostgresAuditLog audit = new PostgresAuditLog(database);
        assertThat(audit.recent(acme.id(), 10)).extracting(AuditLog.Entry::action).contains("account.connected");
        assertThat(audit.recent(other.id(), 10)).extracting(AuditLog.Entry::action).containsExactly("account.connect_refused");
    }

    @Test
    void organizationsRacingForOneAccountNeverBothHaveIt() throws Exception {
        Database database = TestDatabase.get();
        AwsAccounts accounts = new AwsAccounts(database);
        List<Organization> racing = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racing.add(new Organizations(database).ensure(Organization.Platform.SLACK, "T-RACE-" + i, "Race " + i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<AccountSettings.Connecting>> outcomes = new ArrayList<>();
            for (Organization organization : racing) {
                outcomes.add(threads.submit(() -> {
                    go.await();
                    return accounts.connect(organization.id(), account("410987654321", "raced", List.of()), "U0ANA");
                }));
            }
            go.countDown();
            int connected = 0;
            for (Future<AccountSettings.Connecting> outcome : outcomes) {
                connected += outcome.get(30, TimeUnit.SECONDS) instanceof AccountSettings.Connecting.Connected ? 1 : 0;
            }
            assertThat(connected).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void disconnectingClosesTheAccountsOpenFindingsAndFreesItForAnotherOrganization() {
        Database database = TestDatabase.get();
        Organization acme = new Organizations(database).ensure(Organization.Platform.CONSOLE, "local-disconnect", "Acme");
        Organization later = new Organizations(database).ensure(Organization.Platform.CONSOLE, "local-later", "Later");
        AwsAccounts accounts = new AwsAccounts(database);
        accounts.connect(acme.id(), account("510987654321", "prod", List.of()), "console");
        accounts.recordMissing(acme.id(), "510987654321", List.of("cloudwatch:GetMetricData"));
        assertThat(accounts.accounts(acme.id())).singleElement()
                .satisfies(a -> assertThat(a.missingPermissions()).containsExactly("cloudwatch:GetMetricData"));

        assertThat(accounts.disconnect(acme.id(), "510987654321", "console")).isTrue();
        assertThat(accounts.disconnect(acme.id(), "510987654321", "console")).isFalse();

        assertThat(accounts.accounts(acme.id())).isEmpty();
        assertThat(accounts.connect(later.id(), account("510987654321", "prod", List.of()), "console"))
                .isInstanceOf(AccountSettings.Connecting.Connected.class);
        assertThat(new PostgresAuditLog(database).recent(acme.id(), 10)).extracting(AuditLog.Entry::action)
                .containsSubsequence("account.connected", "account.disconnected");
    }
}
