package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.Organization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.cloudsweep.engine.chat.InMemorySweep.ADMIN;
import static io.cloudsweep.engine.chat.InMemorySweep.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connecting AWS accounts from a chat, through the driver and the real interpreter over a connector the test
 * controls: what is said, what is stored, what is audited, and the first scan that follows.
 */
class AccountCommandsTest {

    private static final String ROLE = "arn:aws:iam::210987654321:role/CloudSweep";

    private final InMemorySweep sweep = new InMemorySweep();
    private final MemoryChat chat = sweep.chat();

    private Optional<AccountSettings.ConnectedAccount> stored(String accountId) {
        return sweep.stores.accounts(sweep.organization.id()).stream().filter(a -> a.accountId().equals(accountId)).findFirst();
    }

    private List<String> audited() {
        return sweep.stores.recent(sweep.organization.id(), 100).stream().map(AuditLog.Entry::action).toList();
    }

    @Test
    void connectAloneTellsAnAdminTheOrganizationsExternalIdAndCloudSweepsPrincipal() {
        sweep.typed(chat, ADMIN, "connect");
        sweep.typed(chat, MEMBER, "connect");

        String how = Cards.summary(chat.posted.get(0).card());
        assertThat(how).contains("ExternalId: cs-test-7", "arn:aws:iam::999988887777:role/cloudsweep-server", "cloudsweep-role.json",
                "CloudSweepPrincipal=arn:aws:iam::999988887777:role/cloudsweep-server", "-var external_id=cs-test-7", "connect arn:aws:iam::<account-id>:role/CloudSweep");
        assertThat(chat.posted).hasSize(1);
        assertThat(chat.privateTexts()).containsExactly("Only admins can connect AWS accounts.");
    }

    @Test
    void aConnectedRoleIsTestedStoredWithWhatIsMissingAndScanned() {
        sweep.connector.next = InMemorySweep.TestConnector.reaching("210987654321", "elasticloadbalancing:DescribeTargetHealth", "ec2:DeleteVolume");

        sweep.typed(chat, ADMIN, "connect " + ROLE);

        assertThat(sweep.connector.lastExternalId).contains("cs-test-7");
        String report = Cards.summary(chat.posted.get(0).card());
        assertThat(report).contains("Connected account 210987654321 through " + ROLE, "Scan permissions: 1 of 2 granted.",
                "missing elasticloadbalancing:DescribeTargetHealth: what elasticloadbalancing:DescribeTargetHealth is for",
                "missing ec2:DeleteVolume", "policy set cleanup on 210987654321", "4 AWS calls in 0.1 s");
        assertThat(stored("210987654321")).hasValueSatisfying(account -> {
            assertThat(account.roleArn()).contains(ROLE);
            assertThat(account.cleanupsEnabled()).isFalse();
            assertThat(account.missingPermissions()).containsExactly("elasticloadbalancing:DescribeTargetHealth");
        });
        assertThat(chat.posted).anySatisfy(message -> assertThat(message.card()).isInstanceOf(Card.ScanStarted.class));
        assertThat(chat.updates).anySatisfy(update -> assertThat(update.card()).isInstanceOf(Card.ScanSummary.class));
        assertThat(audited()).contains("account.connected");
    }

    @Test
    void aGivenExternalIdIsUsedInsteadOfTheOrganizations() {
        sweep.connector.next = InMemorySweep.TestConnector.reaching("210987654321");

        sweep.typed(chat, ADMIN, "connect " + ROLE + " their-own-id prod");

        assertThat(sweep.connector.lastExternalId).contains("their-own-id");
        assertThat(stored("210987654321")).hasValueSatisfying(account -> {
            assertThat(account.name()).isEqualTo("prod");
            assertThat(account.externalId()).contains("their-own-id");
        });
    }

    @Test
    void aRoleThatCannotBeAssumedIsRefusedWithTheCauseAndAudited() {
        sweep.connector.next = new AccountConnector.Probe.Unreachable("the role's trust policy does not let CloudSweep assume it");

        sweep.typed(chat, ADMIN, "connect " + ROLE);

        assertThat(chat.privateTexts()).containsExactly("Not connected: the role's trust policy does not let CloudSweep assume it");
        assertThat(stored("210987654321")).isEmpty();
        assertThat(chat.posted).isEmpty();
        assertThat(audited()).containsExactly("account.refused");
    }

    @Test
    void aRoleAnsweringAsAnotherAccountIsRefused() {
        sweep.connector.next = InMemorySweep.TestConnector.reaching("111122223333");

        sweep.typed(chat, ADMIN, "connect " + ROLE);

        assertThat(chat.privateTexts()).singleElement().asString().contains("answered as account 111122223333, not 210987654321");
        assertThat(stored("111122223333")).isEmpty();
    }

    @Test
    void anAccountConnectedHereOrElsewhereIsNeverConnectedTwiceNorShared() {
        sweep.connector.next = InMemorySweep.TestConnector.reaching("210987654321");
        sweep.stores.connect(99, new io.cloudsweep.engine.model.Account("210987654321", "theirs"), false);

        sweep.typed(chat, ADMIN, "connect " + ROLE);
        sweep.typed(chat, ADMIN, "connect arn:aws:iam::" + DemoCloud.ACCOUNT.id() + ":role/Other");

        assertThat(chat.privateTexts()).satisfiesExactly(
                text -> assertThat(text).contains("connected to another CloudSweep organization").doesNotContain("theirs"),
                text -> assertThat(text).contains("is connected already, as " + DemoCloud.ACCOUNT.name()));
        assertThat(sweep.connector.probes).hasValue(1);
        assertThat(stored("210987654321")).isEmpty();
    }

    @Test
    void aRoleInAnotherPartitionIsRefusedWithoutCallingAws() {
        sweep.typed(chat, ADMIN, "connect arn:aws-cn:iam::210987654321:role/CloudSweep");

        assertThat(chat.privateTexts()).singleElement().asString().contains("aws-cn partition");
        assertThat(sweep.connector.probes).hasValue(0);
    }

    @Test
    void connectCurrentStoresTheAccountOfCloudSweepsOwnCredentials() {
        sweep.connector.next = InMemorySweep.TestConnector.reaching("999988887777");

        sweep.typed(chat, ADMIN, "connect current shared");

        assertThat(stored("999988887777")).hasValueSatisfying(account -> {
            assertThat(account.roleArn()).isEmpty();
            assertThat(account.name()).isEqualTo("shared");
        });
        assertThat(Cards.summary(chat.posted.get(0).card())).contains("with CloudSweep's own credentials");
    }

    @Test
    void disconnectAsksFirstAndTheAnswerReplacesTheQuestion() {
        sweep.connector.next = InMemorySweep.TestConnector.reaching("210987654321");
        sweep.typed(chat, ADMIN, "connect " + ROLE + " cs-test-7 prod");
        chat.clear();

        sweep.typed(chat, ADMIN, "disconnect prod");
        MemoryChat.Message question = chat.posted.get(0);
        assertThat(question.card()).isInstanceOf(Card.Question.class);
        assertThat(stored("210987654321")).isPresent();

        sweep.press(chat, ADMIN, question, "Disconnect");

        assertThat(stored("210987654321")).isEmpty();
        assertThat(Cards.summary(chat.lastUpdateOf(question.id()))).contains("Account 210987654321 (prod) is disconnected");
        assertThat(audited()).contains("account.disconnected");
    }

    @Test
    void membersCannotDisconnectAndAccountsShowsWhatIsMissing() {
        sweep.connector.next = InMemorySweep.TestConnector.reaching("210987654321", "ec2:DescribeVolumes");
        sweep.typed(chat, ADMIN, "connect " + ROLE);
        chat.clear();

        sweep.typed(chat, MEMBER, "disconnect 210987654321 --confirmed");
        sweep.typed(chat, MEMBER, "accounts");

        assertThat(chat.privateTexts()).containsExactly("Only admins can disconnect AWS accounts.");
        assertThat(stored("210987654321")).isPresent();
        assertThat(Cards.summary(chat.posted.get(0).card())).contains("210987654321 via " + ROLE, "cleanups off (dry run)",
                "missing ec2:DescribeVolumes");
    }

    @Test
    void cleanupsAreNotTurnedOnWhileACleanupPermissionIsMissing() {
        sweep.connector.next = InMemorySweep.TestConnector.reaching("210987654321", "ec2:DeleteVolume");
        sweep.typed(chat, ADMIN, "connect " + ROLE);
        chat.clear();

        sweep.typed(chat, ADMIN, "policy set cleanup on 210987654321");
        sweep.connector.next = InMemorySweep.TestConnector.reaching("210987654321");
        sweep.typed(chat, ADMIN, "policy set cleanup on 210987654321");

        assertThat(chat.privateTexts()).singleElement().asString().startsWith("Cleanups stay off: account 210987654321 lacks what cleanups need:"
                + " ec2:DeleteVolume (what ec2:DeleteVolume is for)");
        assertThat(Cards.summary(chat.posted.get(0).card())).contains("Cleanups in account 210987654321 are now on");
        assertThat(stored("210987654321")).hasValueSatisfying(account -> assertThat(account.cleanupsEnabled()).isTrue());
    }

    @Test
    void theTerminalSetsNoScheduleSinceNothingCouldPostInItWhenItFires() {
        InMemorySweep terminal = new InMemorySweep(new Organization(1, Organization.Platform.CONSOLE, "local", "local"));
        MemoryChat console = terminal.chat();
        terminal.typed(console, ADMIN, "schedule scan daily 06:00 Europe/Berlin");

        assertThat(console.privateTexts()).singleElement().satisfies(text -> assertThat(text).startsWith("Scheduled scans post in Slack or Teams"));
        assertThat(terminal.schedules.byOrganization).isEmpty();
    }

    @Test
    void anAdminSchedulesScansHereAndAScheduledScanPostsOnlyWhatItFoundFirst() {
        sweep.typed(chat, MEMBER, "schedule scan daily 06:00 Europe/Berlin");
        sweep.typed(chat, ADMIN, "schedule scan daily 06:00 Europe/Berlin");
        sweep.typed(chat, MEMBER, "schedule");

        assertThat(chat.privateTexts()).containsExactly("Only admins can change the scan schedule.");
        assertThat(sweep.schedules.parsed.get(sweep.organization.id()).cron()).isEqualTo("0 0 6 * * ?");
        assertThat(Cards.summary(chat.posted.get(1).card())).contains("daily 06:00 Europe/Berlin (Europe/Berlin), posted in " + chat.conversation());
        chat.clear();

        sweep.driver.scheduledScan(chat, sweep.organization);
        int firstCards = chat.findingCards().size();
        Card.ShowMore more = (Card.ShowMore) chat.posted.get(chat.posted.size() - 1).card();
        assertThat(more.button().command()).as("Show more pages what the scan found first, not every open finding")
                .isEqualTo(ChatCommand.Findings.newSince(InMemorySweep.START).from(ConversationDriver.PAGE));
        List<io.cloudsweep.engine.model.FindingId> known = sweep.stores.open(sweep.organization.id(), Optional.empty(), java.math.BigDecimal.ZERO)
                .stream().map(io.cloudsweep.engine.store.StoredFinding::findingId).toList();
        chat.clear();
        sweep.clock.advance(java.time.Duration.ofDays(1));
        sweep.driver.scheduledScan(chat, sweep.organization);

        assertThat(firstCards).isEqualTo(ConversationDriver.PAGE);
        // a day on, one snapshot has turned 90 days old: that one is new, the rest are not posted again
        assertThat(chat.findingCards()).singleElement().satisfies(card -> {
            assertThat(known).doesNotContain(card.findingId());
            assertThat(card.ruleId()).isEqualTo("ebs-snapshot-old");
        });
        assertThat(chat.updates).anySatisfy(update -> assertThat(update.card()).isInstanceOf(Card.ScanSummary.class));
        io.cloudsweep.engine.model.FindingId dayTwo = chat.findingCards().get(0).findingId();
        chat.clear();
        sweep.typed(chat, MEMBER, "findings --new-since " + InMemorySweep.START.plus(java.time.Duration.ofDays(1)));
        assertThat(chat.findingCards()).extracting(Card.FindingCard::findingId).containsExactly(dayTwo);
        sweep.typed(chat, ADMIN, "schedule scan off");
        assertThat(sweep.schedules.scheduled(sweep.organization.id())).isEmpty();
    }
}
