package io.cloudsweep.bot;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.Cards;
import io.cloudsweep.engine.cleanup.Cleanup;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.ActionParameters;
import io.cloudsweep.engine.model.Confidence;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceRef;
import io.cloudsweep.engine.model.ResourceType;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.store.CardLocations;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.store.StoredFinding;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Members;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.Outbox;
import io.cloudsweep.storage.PostgresDirectNotices;
import io.cloudsweep.storage.PostgresMemberRoles;
import io.cloudsweep.storage.Reminders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Whom an alert calls and where it goes: a failed cleanup in its card's thread, a reminder, a disabled target. */
class AlertsTest {

    private record Posted(String conversation, Optional<String> thread, Card.Alert alert) {
    }

    @TempDir
    Path dataDir;
    private Database database;
    private Organization acme;
    private final List<Posted> slack = new CopyOnWriteArrayList<>();
    private final List<Card> terminal = new CopyOnWriteArrayList<>();
    private final Map<Long, CardLocations.Location> cards = new ConcurrentHashMap<>();
    private final List<String> directly = new CopyOnWriteArrayList<>();
    private PostgresDirectNotices direct;
    private Alerts alerts;

    @BeforeEach
    void start() {
        database = Database.open(DatabaseSettings.embedded(dataDir));
        database.migrate();
        acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T0ACME", "Acme");
        Map<Organization.Platform, Sweeper.ChatTarget> chats = Map.of(Organization.Platform.SLACK, new Sweeper.ChatTarget(
                (organization, conversation) -> { }, (organization, scan) -> { }, (organization, conversation, finding) -> { },
                (organization, conversation, scope, zone) -> { },
                (organization, conversation, thread, card) -> slack.add(new Posted(conversation, thread, (Card.Alert) card)),
                (organization, user, near, card) -> directly.add(user + " via " + near.orElse("-") + ": " + Cards.summary(card))));
        CardLocations locations = new CardLocations() {
            @Override
            public void remember(long findingId, String chat, String channel, String messageId) {
                cards.put(findingId, new Location(acme.id(), chat, channel, messageId));
            }

            @Override
            public Optional<Location> find(long findingId) {
                return Optional.ofNullable(cards.get(findingId));
            }
        };
        PostgresMemberRoles roles = new PostgresMemberRoles(database, Clock.systemUTC());
        roles.setRole(acme.id(), "U0BO", Role.ADMIN, "U0ANA");
        roles.setRole(acme.id(), "U0CY", Role.MEMBER, "U0ANA");
        direct = new PostgresDirectNotices(database, Clock.systemUTC());
        alerts = new Alerts(chats, terminal::add, locations, database.jdbi().onDemand(Members.class), Set.of("U0ANA", "U0CY"), id -> acme,
                direct);
    }

    @AfterEach
    void stop() {
        database.close();
    }

    private Cleanup cleanup(long findingId) {
        Finding finding = new Finding("ebs-unattached", new ResourceRef(DemoCloud.ACCOUNT.id(), Region.of("us-east-1"), ResourceType.EBS_VOLUME,
                "vol-0abc", "arn:aws:ec2:us-east-1:123456789012:volume/vol-0abc"), Tags.NONE, Action.DELETE_VOLUME, ActionParameters.NONE,
                Risk.MEDIUM, Confidence.HIGH, new Cost.Unknown("test", List.of()), "unattached", List.of());
        return new Cleanup(4, acme.id(), findingId, new Account(DemoCloud.ACCOUNT.id(), "demo"), finding, false,
                new CleanupState.Approved(), Instant.EPOCH, Optional.empty());
    }

    @Test
    void aFailedCleanupCallsTheAdminsInItsCardsThread() {
        cards.put(12L, new CardLocations.Location(acme.id(), "slack", "C0OPS", "1700000000.000100"));

        alerts.cleanupFailed(cleanup(12), "UnauthorizedOperation");

        assertThat(slack).singleElement().satisfies(posted -> {
            assertThat(posted.conversation()).isEqualTo("C0OPS");
            assertThat(posted.thread()).contains("1700000000.000100");
            assertThat(posted.alert().text()).startsWith("Cleanup C-4 of F-12 (delete_volume vol-0abc in 123456789012) failed: UnauthorizedOperation");
            // U0ANA configured, U0BO made admin; U0CY configured but made a member since
            assertThat(posted.alert().mentions()).containsExactly("U0ANA", "U0BO");
        });
        assertThat(terminal).isEmpty();
    }

    @Test
    void approversWhoAskedAreToldDirectlyHowTheirCleanupEnded() {
        direct.set(acme.id(), "U0BO", true, "U0BO");
        direct.set(acme.id(), "U0CY", true, "U0CY");
        direct.set(acme.id(), "U0CY", false, "U0CY");
        Cleanup cleanup = cleanup(12);
        StoredFinding finding = new StoredFinding(12, acme.id(), cleanup.finding(), StoredFinding.Status.CLEANED, Instant.EPOCH, Optional.empty(),
                List.of(new StoredFinding.DecisionRecord("U0BO", "approve", Optional.empty(), Optional.empty(), Instant.EPOCH),
                        new StoredFinding.DecisionRecord("U0CY", "approve", Optional.empty(), Optional.empty(), Instant.EPOCH),
                        new StoredFinding.DecisionRecord("U0ANA", "snooze", Optional.empty(), Optional.empty(), Instant.EPOCH)), Optional.empty());

        alerts.cleanupEnded(cleanup, new CleanupState.Done("snap-0123"), Optional.of(finding));

        cards.put(12L, new CardLocations.Location(acme.id(), "slack", "C0OPS", "1700000000.000100"));
        directly.clear();
        alerts.cleanupEnded(cleanup, new CleanupState.Done("snap-0123"), Optional.of(finding));
        assertThat(directly).containsExactly("U0BO via C0OPS: Cleanup C-4 of F-12, which you approved (delete_volume vol-0abc in 123456789012), is done"
                + " (backup snap-0123).");
        assertThat(slack).as("a cleanup done calls no one").isEmpty();
    }

    @Test
    void anAlertWithNoCardInAServedChatGoesToTheTerminal() {
        alerts.cleanupFailed(cleanup(13), "timeout");
        alerts.disabled(new Outbox.Disabled(acme.id(), 3, Organization.Platform.TEAMS, "19:ops@thread", "https://hooks.example.com/a?…",
                "a delivery failed 6 times (last: HTTP 500)"));

        assertThat(slack).isEmpty();
        assertThat(terminal).hasSize(2);
        assertThat(((Card.Alert) terminal.get(1)).text()).startsWith("Notifications #3 (https://hooks.example.com/a?…) are disabled")
                .contains("`notify enable 3`");
    }

    @Test
    void aReminderCallsTheOtherAdminsNotTheOneWhoApproved() {
        cards.put(14L, new CardLocations.Location(acme.id(), "slack", "C0OPS", "1700000000.000200"));

        alerts.remind(new Reminders.Due(acme.id(), 14, "rds-idle", "db-prod", "U0BO", Instant.parse("2026-11-30T09:00:00Z"),
                Optional.of("slack"), Optional.of("C0OPS"), Optional.of("1700000000.000200")));

        assertThat(slack).singleElement().satisfies(posted -> {
            assertThat(posted.thread()).contains("1700000000.000200");
            assertThat(posted.alert().text()).isEqualTo("F-14 (rds-idle, db-prod) was approved by U0BO on 30 Nov and still waits for a second"
                    + " admin: high risk needs two.");
            assertThat(posted.alert().mentions()).containsExactly("U0ANA");
        });
    }
}
