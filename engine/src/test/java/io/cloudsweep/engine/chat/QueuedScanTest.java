package io.cloudsweep.engine.chat;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.cloudsweep.engine.chat.InMemorySweep.ADMIN;
import static io.cloudsweep.engine.chat.InMemorySweep.MEMBER;
import static io.cloudsweep.engine.chat.InMemorySweep.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scan asked for in one chat is queued; whichever replica takes it runs it through a port opened on the same
 * conversation, and its progress and summary land on the message that showed it was asked. While it runs, another
 * scan of the account says which one holds it and how far it is.
 */
class QueuedScanTest {

    private final InMemorySweep sweep = new InMemorySweep();
    private final MemoryChat asked = sweep.chat();

    @Test
    void aScanTypedHereIsRunByTheReplicaThatTakesItInTheConversationThatAsked() {
        sweep.scanQueue.here = false;
        sweep.typed(asked, MEMBER, "scan");

        assertThat(asked.posted).singleElement().satisfies(message -> assertThat(message.card()).isEqualTo(new Card.ScanStarted("U0CY")));
        assertThat(asked.updates).as("nothing runs on the replica that was asked").isEmpty();
        long id = sweep.scanQueue.ids().get(0);
        ScanQueue.QueuedScan taken = sweep.scanQueue.take(id).orElseThrow();
        assertThat(taken.order().conversation()).isEqualTo(asked.conversation());
        assertThat(taken.order().accounts()).containsExactly("123456789012");

        MemoryChat elsewhere = sweep.chat();
        sweep.driver.run(elsewhere, sweep.organization, taken);

        String message = asked.posted.get(0).id();
        assertThat(elsewhere.lastUpdateOf(message)).isInstanceOf(Card.ScanSummary.class);
        assertThat(elsewhere.findingCards()).hasSize(ConversationDriver.PAGE);
        assertThat(elsewhere.posted).allSatisfy(posted -> assertThat(posted.thread()).contains(message));
        assertThat(elsewhere.attached).hasSize(1);
        assertThat(sweep.scanQueue.outcome(id)).contains("completed");
        assertThat(sweep.scanQueue.take(id)).as("a finished scan is not taken again").isEmpty();
    }

    @Test
    void aScanRunAgainAfterItsReplicaDiedSaysSoThenFinishes() {
        sweep.scanQueue.here = false;
        sweep.typed(asked, ADMIN, "scan eu-west-1");
        long id = sweep.scanQueue.ids().get(0);
        sweep.scanQueue.take(id).orElseThrow();
        ScanQueue.QueuedScan again = sweep.scanQueue.take(id).orElseThrow();

        MemoryChat elsewhere = sweep.chat();
        sweep.driver.run(elsewhere, sweep.organization, again);

        assertThat(again.attempt()).isEqualTo(2);
        assertThat(Cards.summary(elsewhere.updates.get(0).card())).contains("scanning again (attempt 2)");
        assertThat(elsewhere.lastUpdateOf(asked.posted.get(0).id())).isInstanceOf(Card.ScanSummary.class);
    }

    @Test
    void aSecondScanOfAnAccountBeingScannedSaysWhichScanHoldsItSinceWhenAndHowFar() throws Exception {
        CountDownLatch progressShown = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        sweep.scanQueue.here = false;
        sweep.typed(asked, ADMIN, "scan");
        ScanQueue.QueuedScan taken = sweep.scanQueue.take(sweep.scanQueue.ids().get(0)).orElseThrow();
        MemoryChat elsewhere = new MemoryChat(java.util.Map.of(), false) {
            @Override
            public void update(String messageId, Card card) {
                super.update(messageId, card);
                if (card instanceof Card.ScanProgress) {
                    progressShown.countDown();
                    await(release);
                }
            }
        };
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> sweep.driver.run(elsewhere, sweep.organization, taken));
        assertThat(progressShown.await(10, TimeUnit.SECONDS)).isTrue();

        MemoryChat other = sweep.chat();
        sweep.typed(other, MEMBER, "scan 123456789012");
        sweep.typed(other, VIEWER, "scan");
        release.countDown();
        running.get(10, TimeUnit.SECONDS);

        assertThat(sweep.scanQueue.ids()).as("the second scan was not queued").hasSize(1);
        assertThat(other.lastUpdateOf(other.posted.get(0).id())).isEqualTo(new Card.Text("Scan not started."));
        assertThat(other.privateTexts()).hasSize(2);
        assertThat(other.privateTexts().get(0)).startsWith("A scan of 123456789012 is running: scan " + taken.id() + ", started by U0ANA at 15:00 UTC"
                + " (under a minute ago), ").containsPattern("\\d+ of \\d+ regions read, \\d+ findings? so far");
        assertThat(other.privateTexts().get(1)).isEqualTo("Viewers cannot start scans; ask an admin to make you a member.");

        sweep.typed(other, MEMBER, "scan");
        assertThat(sweep.scanQueue.ids()).as("queued once the first finished").hasSize(2);
    }

    @Test
    void aScanOverTheOrganizationsLimitIsRefusedSayingWhenTheNextMayStartButAScheduledOneRuns() {
        sweep.scanQueue.here = false;
        sweep.scanQueue.limited = Optional.of(java.time.Duration.ofMillis(90_500));
        sweep.typed(asked, MEMBER, "scan");
        sweep.driver.scheduledScan(asked, sweep.organization);

        assertThat(asked.lastUpdateOf(asked.posted.get(0).id())).isEqualTo(new Card.Text("Scan not started."));
        assertThat(asked.privateTexts()).containsExactly("This workspace has started as many scans as it may for now; the next may start in 91 s.");
        assertThat(sweep.scanQueue.ids()).as("the scheduled scan alone").hasSize(1);
        assertThat(sweep.scanQueue.take(sweep.scanQueue.ids().get(0)).orElseThrow().order().scheduled()).isTrue();
    }

    @Test
    void aScanAskedForOutsideAnyChatIsHeadlessAndRunsWithoutAConversation() {
        sweep.scanQueue.here = false;
        io.cloudsweep.engine.approval.Actor viaKey = new io.cloudsweep.engine.approval.Actor("U0CY", io.cloudsweep.engine.approval.Role.MEMBER,
                Optional.of("apikey:ci"));
        Reply reply = sweep.interpreter.queueScan(new CommandInterpreter.Request(sweep.organization, viaKey,
                new ChatCommand.Scan(Optional.empty(), java.util.List.of()), ChatListener.NONE, mention -> Optional.empty(), ""), "", false);

        ScanQueue.QueuedScan queued = ((Reply.Queued) reply).scan();
        assertThat(queued.order().headless()).isTrue();
        assertThat(queued.order().actor().via()).contains("apikey:ci");
        Reply ran = sweep.interpreter.runQueued(sweep.organization, sweep.scanQueue.take(queued.id()).orElseThrow(), ChatListener.NONE);
        assertThat(ran).isInstanceOf(Reply.Scanned.class);
        assertThat(sweep.scanQueue.outcome(queued.id())).contains("completed");
        assertThat(asked.posted).as("no chat hears of it").isEmpty();
    }

    @Test
    void aScanOfAnAccountNotConnectedIsRefusedBeforeAnythingIsQueued() {
        sweep.typed(asked, MEMBER, "scan 999999999999");

        assertThat(sweep.scanQueue.ids()).isEmpty();
        assertThat(asked.privateTexts()).containsExactly("Account 999999999999 is not connected; connected: 123456789012 (demo).");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
