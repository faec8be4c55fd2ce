package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.store.StoredFinding;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cloudsweep.engine.chat.InMemorySweep.ADMIN;
import static io.cloudsweep.engine.chat.InMemorySweep.MEMBER;
import static io.cloudsweep.engine.chat.InMemorySweep.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one conversation every chat has, driven through an in-memory chat over the real interpreter, approval rules and
 * cleanups of the demo account: where each part of an answer goes, paging, approve-low, the reject reason, roles.
 */
class ConversationDriverTest {

    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";
    private static final String ADDRESS = "eipalloc-07c2e4a6b8d0f0401";

    private final InMemorySweep sweep = new InMemorySweep();
    private final MemoryChat chat = sweep.chat();

    private MemoryChat.Message scanned() {
        sweep.typed(chat, MEMBER, "scan");
        return chat.posted.get(0);
    }

    private Card.ScanSummary summaryOf(MemoryChat.Message scan) {
        return (Card.ScanSummary) chat.lastUpdateOf(scan.id());
    }

    private MemoryChat.Message cardOf(String resource) {
        return chat.posted(card -> card instanceof Card.FindingCard finding && finding.title().contains(resource + " ")).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no card of " + resource + " posted"));
    }

    private StoredFinding stored(String resource) {
        return sweep.stores.open(sweep.organization.id(), Optional.empty(), BigDecimal.ZERO).stream()
                .filter(finding -> finding.finding().resource().id().equals(resource)).findFirst()
                .orElseThrow(() -> new AssertionError(resource + " is not open"));
    }

    private StoredFinding.Status statusOf(FindingId id) {
        return sweep.stores.find(sweep.organization.id(), id.value()).orElseThrow().status();
    }

    @Test
    void aScanShowsItsProgressInOneMessageThenItsSummaryThenAPageOfCardsInItsThreadAndTheCsv() {
        MemoryChat.Message started = scanned();

        assertThat(started.card()).isEqualTo(new Card.ScanStarted("U0CY"));
        assertThat(started.thread()).isEmpty();
        assertThat(chat.updates).allMatch(update -> update.messageId().equals(started.id()));
        assertThat(chat.updates).extracting(MemoryChat.Update::card).first().isInstanceOf(Card.ScanProgress.class);
        Card.ScanSummary summary = summaryOf(started);
        assertThat(chat.posted.subList(1, chat.posted.size())).allMatch(message -> message.thread().equals(Optional.of(started.id())));
        assertThat(chat.findingCards()).hasSize(ConversationDriver.PAGE);
        Card.ShowMore more = (Card.ShowMore) chat.posted.get(chat.posted.size() - 1).card();
        assertThat(more.remaining()).isEqualTo(summary.findings() - ConversationDriver.PAGE);
        assertThat(more.button().command()).isEqualTo(ChatCommand.Findings.all().from(ConversationDriver.PAGE));
        assertThat(chat.attached).singleElement().asString().startsWith(started.id() + " cloudsweep-findings.csv\nfinding,rule,")
                .satisfies(csv -> assertThat(csv.lines().filter(line -> line.startsWith("F-"))).hasSize(summary.findings()));
        assertThat(chat.privately).isEmpty();
    }

    @Test
    void showMorePostsTheNextPageInTheSameThreadUntilEveryFindingIsShown() {
        MemoryChat.Message started = scanned();
        int findings = summaryOf(started).findings();

        MemoryChat.Message more = chat.posted.get(chat.posted.size() - 1);
        while (more.card() instanceof Card.ShowMore) {
            int before = chat.posted.size();
            sweep.press(chat, MEMBER, more, "Show more");
            assertThat(chat.lastUpdateOf(more.id())).isEqualTo(new Card.Text("Showing more findings below."));
            assertThat(chat.posted.subList(before, chat.posted.size())).allMatch(message -> message.thread().equals(Optional.of(started.id())));
            more = chat.posted.get(chat.posted.size() - 1);
        }

        assertThat(chat.findingCards()).extracting(Card.FindingCard::findingId).hasSize(findings).doesNotHaveDuplicates();
    }

    @Test
    void approvingFromACardUpdatesThatCardAndTellsThePresserTheRestPrivately() {
        scanned();
        MemoryChat.Message volume = cardOf(VOLUME);

        sweep.press(chat, ADMIN, volume, "Approve");

        Card.FindingCard card = (Card.FindingCard) chat.lastUpdateOf(volume.id());
        assertThat(card.status()).isEqualTo("approved by U0ANA; cleanup C-1 is queued");
        assertThat(chat.privateTexts()).containsExactly("Cleanup C-1 of " + card.label() + " begun.");
        assertThat(statusOf(card.findingId())).isEqualTo(StoredFinding.Status.CLEANED);
    }

    @Test
    void aSnoozeKeepsItsEndAndWhenItEndsTheFindingIsOpenAndItsCardPostedAgain() {
        scanned();
        MemoryChat.Message volume = cardOf(VOLUME);
        long findingId = ((Card.FindingCard) volume.card()).findingId().value();
        sweep.press(chat, MEMBER, volume, "Snooze 7d");
        chat.clear();

        assertThat(sweep.stores.find(sweep.organization.id(), findingId).orElseThrow().snoozedUntil())
                .hasValue(InMemorySweep.START.plus(java.time.Duration.ofDays(7)));
        sweep.clock.advance(java.time.Duration.ofDays(6));
        sweep.driver.snoozeEnded(chat, sweep.organization, findingId);
        assertThat(chat.posted).as("a day early: nothing").isEmpty();

        sweep.clock.advance(java.time.Duration.ofDays(1));
        sweep.driver.snoozeEnded(chat, sweep.organization, findingId);
        sweep.driver.snoozeEnded(chat, sweep.organization, findingId);

        assertThat(chat.posted).singleElement().satisfies(posted -> {
            assertThat(posted.thread()).isEmpty();
            assertThat(((Card.FindingCard) posted.card()).findingId().value()).isEqualTo(findingId);
            assertThat(((Card.FindingCard) posted.card()).buttons()).extracting(Card.Button::label).contains("Approve");
        });
        assertThat(statusOf(((Card.FindingCard) volume.card()).findingId())).isEqualTo(StoredFinding.Status.OPEN);
    }

    @Test
    void aRefusalIsSaidToThePresserAloneAndTheCardIsLeftAsItWas() {
        scanned();
        MemoryChat.Message volume = cardOf(VOLUME);
        chat.clear();

        sweep.press(chat, VIEWER, volume, "Approve");
        sweep.press(chat, MEMBER, volume, "Approve");
        sweep.press(chat, VIEWER, volume, "Snooze 7d");

        assertThat(chat.updates).isEmpty();
        assertThat(chat.posted).isEmpty();
        assertThat(chat.privateTexts()).containsExactly(
                "Not approved: viewers cannot approve cleanups; ask an admin to make you a member.",
                "Not approved: medium-risk cleanups need an admin's approval.",
                "Not done: viewers cannot snooze or reject findings.");
        assertThat(statusOf(((Card.FindingCard) volume.card()).findingId())).isEqualTo(StoredFinding.Status.OPEN);
    }

    @Test
    void rejectAsksWhyAndRejectsWithTheReasonOnceTheChatComesBackWithIt() {
        scanned();
        MemoryChat.Message volume = cardOf(VOLUME);
        FindingId id = ((Card.FindingCard) volume.card()).findingId();

        sweep.press(chat, MEMBER, volume, "Reject");

        assertThat(chat.askedWhy).containsExactly(new ChatCommand.Reject(id, Optional.empty()));
        assertThat(statusOf(id)).as("nothing rejected before the answer").isEqualTo(StoredFinding.Status.OPEN);

        sweep.driver.pressed(chat, sweep.organization, MEMBER, chat.askedWhy.get(0).because(Optional.of("  kept for the\n audit ")),
                new ConversationDriver.Press(volume.id(), volume.thread()));

        assertThat(((Card.FindingCard) chat.lastUpdateOf(volume.id())).status()).isEqualTo("rejected by U0CY: kept for the audit");
        assertThat(((Card.FindingCard) chat.lastUpdateOf(volume.id())).buttons()).isEmpty();
        assertThat(statusOf(id)).isEqualTo(StoredFinding.Status.REJECTED);
    }

    @Test
    void aChatThatAsksOnTheCardRejectsAtOnceWithoutAReason() {
        MemoryChat teams = new MemoryChat(Map.of(), false);
        sweep.typed(teams, MEMBER, "scan");
        MemoryChat.Message volume = teams.posted(card -> card instanceof Card.FindingCard finding && finding.title().contains(VOLUME)).get(0);

        sweep.press(teams, MEMBER, volume, "Reject");

        assertThat(((Card.FindingCard) teams.lastUpdateOf(volume.id())).status()).isEqualTo("rejected by U0CY");
    }

    @Test
    void approveLowApprovesEachLowRiskFindingOnItsOwnAndCountsOnlyThoseApproved() {
        InMemorySweep capped = new InMemorySweep(new CleanupLimits(2, Duration.ofDays(7)));
        MemoryChat slack = capped.chat();
        capped.typed(slack, MEMBER, "scan");
        MemoryChat.Message started = slack.posted.get(0);
        Card.ScanSummary summary = (Card.ScanSummary) slack.lastUpdateOf(started.id());
        assertThat(InMemorySweep.button(summary, "Approve all 3 low-risk eip-unassociated").confirm()).isPresent();

        capped.press(slack, MEMBER, new MemoryChat.Message(started.id(), Optional.empty(), summary), "Approve all 3 low-risk eip-unassociated");

        assertThat(slack.privateTexts()).singleElement().asString()
                .startsWith("Approved 2 of 3 low-risk eip-unassociated findings:\n")
                .containsPattern("F-\\d+: Cleanup C-1 of F-\\d+ begun\\.\nF-\\d+: Cleanup C-2 of F-\\d+ begun\\.\nF-\\d+: Not approved: account "
                        + "123456789012 has reached its cap of 2 cleanups an hour; the next can start after 2026-11-26T16:00:00Z\\.");
        assertThat(capped.shownAgain).as("each card is updated where it was posted").hasSize(3).allMatch(Card.FindingCard.class::isInstance);
        assertThat(slack.updates).extracting(MemoryChat.Update::messageId).as("the summary stays as it was").containsOnly(started.id())
                .hasSize((int) slack.updates.stream().filter(update -> !(update.card() instanceof Card.FindingCard)).count());
    }

    @Test
    void typedDecisionsPostTheCardWithTheOutcomeInItsThreadAndRefusalsPrivately() {
        scanned();
        FindingId volume = stored(VOLUME).findingId();
        chat.clear();

        sweep.typed(chat, ADMIN, "approve " + volume);
        sweep.typed(chat, VIEWER, "snooze " + volume + " 7d");
        sweep.typed(chat, MEMBER, "approve F-999");

        assertThat(chat.posted).hasSize(2);
        assertThat(chat.posted.get(0).card()).isInstanceOf(Card.FindingCard.class);
        assertThat(chat.posted.get(1)).isEqualTo(new MemoryChat.Message(chat.posted.get(1).id(), Optional.of(chat.posted.get(0).id()),
                new Card.Text("Cleanup C-1 of " + volume + " begun.")));
        assertThat(chat.privateTexts()).containsExactly("Not done: viewers cannot snooze or reject findings.",
                "There is no finding F-999. `findings` lists the open ones.");
    }

    @Test
    void helpAndWhatIsNotUnderstoodAreAnsweredAtOnceAndPrivately() {
        assertThat(sweep.driver.immediately("help")).hasValueSatisfying(usage -> assertThat(usage).startsWith("Commands:\n"));
        assertThat(sweep.driver.immediately("deploy everything")).hasValueSatisfying(usage -> assertThat(usage)
                .isEqualTo("I don't know 'deploy'.\nType `help` for every command."));
        assertThat(sweep.driver.immediately("scan")).isEmpty();

        sweep.typed(chat, MEMBER, "approve X-1");
        sweep.typed(chat, MEMBER, "schedule digest weekly mon 09:00");

        assertThat(chat.posted).isEmpty();
        assertThat(chat.privateTexts()).satisfiesExactly(
                text -> assertThat(text).startsWith("'X-1' is not a finding id such as F-12"),
                text -> assertThat(text).isEqualTo("Only admins can schedule digests."));
    }

    @Test
    void roleNamesWhomTheChatFindsAndStoresNothingForWhomItDoesNot() {
        sweep.typed(chat, ADMIN, "role @bo viewer");
        sweep.typed(chat, ADMIN, "role <@U0CY|cy> admin");
        sweep.typed(chat, ADMIN, "role @nobody admin");
        sweep.typed(chat, MEMBER, "role @ana viewer");

        assertThat(chat.posted).extracting(MemoryChat.Message::card).containsExactly(new Card.Text("U0BO is now a viewer."),
                new Card.Text("U0CY is now an admin."));
        assertThat(chat.privateTexts()).satisfiesExactly(
                text -> assertThat(text).startsWith("I cannot find @nobody here, so no role was changed."),
                text -> assertThat(text).isEqualTo("Only admins can change roles."));
        assertThat(sweep.stores.roleOf(sweep.organization.id(), "U0BO")).contains(Role.VIEWER);
        assertThat(sweep.stores.roleOf(sweep.organization.id(), "U0CY")).contains(Role.ADMIN);
        assertThat(sweep.stores.roleOf(sweep.organization.id(), "nobody")).isEmpty();
        assertThat(sweep.stores.roleOf(sweep.organization.id(), "@nobody")).isEmpty();
        assertThat(sweep.stores.roleOf(sweep.organization.id(), "U0ANA")).isEmpty();
    }

    @Test
    void afterARejectionTheNextScanCountsWhatFindingsLists() {
        scanned();
        FindingId volume = stored(VOLUME).findingId();
        sweep.typed(chat, MEMBER, "reject " + volume + " kept for the audit");
        sweep.clock.advance(Duration.ofHours(1));
        chat.clear();

        MemoryChat.Message again = scanned();
        Card.ScanSummary summary = summaryOf(again);
        sweep.typed(chat, MEMBER, "findings");

        String heading = ((Card.Text) chat.posted(card -> card instanceof Card.Text text && text.text().endsWith("open findings:")).get(0).card()).text();
        assertThat(heading).isEqualTo(summary.findings() + " open findings:");
        assertThat(summary.changes()).endsWith(", 1 excluded");
        assertThat(chat.findingCards()).noneMatch(card -> card.findingId().equals(volume));
    }

    @Test
    void aCleanedThenUndoneFindingResolvesWhenTheNextScanDoesNotFindItsResource() {
        scanned();
        FindingId address = stored(ADDRESS).findingId();
        sweep.typed(chat, MEMBER, "approve " + address);
        sweep.typed(chat, MEMBER, "undo C-1");
        assertThat(statusOf(address)).isEqualTo(StoredFinding.Status.ROLLED_BACK);
        sweep.clock.advance(Duration.ofHours(1));
        chat.clear();

        Card.ScanSummary summary = summaryOf(scanned());

        assertThat(summary.changes()).as("the address is back under a new id").startsWith("1 new, ").endsWith(", 1 resolved");
        assertThat(statusOf(address)).isEqualTo(StoredFinding.Status.RESOLVED);
        assertThat(summary.buttons()).extracting(Card.Button::label).contains("Approve all 3 low-risk eip-unassociated");
        chat.clear();
        sweep.typed(chat, ADMIN, "approve " + address);
        assertThat(chat.privateTexts()).containsExactly("Not approved: " + address + " is resolved: the latest scan did not find it, so there is"
                + " nothing to clean up.");
    }

    @Test
    void aButtonCarriesItsCommandThroughTheCodecAndAForgedOneIsCheckedLikeTypedWords() {
        scanned();
        ButtonCodec codec = sweep.driver.codec();
        List<Card.Button> buttons = new ArrayList<>();
        chat.findingCards().forEach(card -> buttons.addAll(card.buttons()));
        buttons.addAll(summaryOf(chat.posted.get(0)).buttons());
        assertThat(buttons).isNotEmpty().allSatisfy(button -> assertThat(codec.command(codec.value(button.command()))).isEqualTo(button.command()));

        Organization other = new Organization(8, Organization.Platform.SLACK, "T0OTHER", "Other");
        MemoryChat elsewhere = sweep.chat();
        sweep.driver.pressed(elsewhere, other, new Actor("U0EVE", Role.ADMIN), codec.command("approve " + stored(VOLUME).findingId()),
                new ConversationDriver.Press("m-1", Optional.empty()));

        assertThat(elsewhere.privateTexts()).containsExactly("There is no finding " + stored(VOLUME).findingId() + ". `findings` lists the open ones.");
        assertThat(elsewhere.updates).isEmpty();
    }
}
