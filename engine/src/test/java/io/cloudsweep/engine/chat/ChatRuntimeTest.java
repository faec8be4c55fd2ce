package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.store.Organization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.cloudsweep.engine.chat.InMemorySweep.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

/** What every chat's bot runs on: work run once per delivery, failures heard, and where the server speaks of its own accord. */
class ChatRuntimeTest {

    /** A conversation the runtime opened: which, and who hears what is private there. */
    private record Opened(String conversation, String user, Optional<String> near, MemoryChat chat) {
    }

    private final InMemorySweep sweep = new InMemorySweep();
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();
    private final List<Opened> opened = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final ChatRuntime runtime = new ChatRuntime(
            new ChatRuntime.Services(sweep.interpreter, sweep.stores, new MemoryCardLocations(sweep.organization.id()), (organization, user, platformAdmin) ->
                    platformAdmin.getAsBoolean() ? Role.ADMIN : Role.VIEWER, claimed::add, sweep.clock),
            new ChatRuntime.Transport("memory", Cards::summary, (location, card) -> { }, new ChatRuntime.Conversations() {
                @Override
                public ChatPort open(Organization organization, String conversation, String user) {
                    return opened(conversation, user, Optional.empty());
                }

                @Override
                public ChatPort direct(Organization organization, String user, Optional<String> near) {
                    return opened(user, user, near);
                }
            }, task -> task),
            (what, failure) -> failures.add(what + ": " + failure.getMessage()));

    private MemoryChat opened(String conversation, String user, Optional<String> near) {
        MemoryChat chat = sweep.chat();
        opened.add(new Opened(conversation, user, near, chat));
        return chat;
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void aDeliveryRunsOnceHoweverOftenItComesWhileWorkWithoutAKeyRunsEachTime() throws Exception {
        AtomicInteger keyed = new AtomicInteger();
        AtomicInteger unkeyed = new AtomicInteger();
        for (int delivery = 0; delivery < 3; delivery++) {
            runtime.once(Optional.of("slack/1.2.3"), keyed::incrementAndGet);
            runtime.once(Optional.empty(), unkeyed::incrementAndGet);
        }
        runtime.once(Optional.of("slack/4.5.6"), keyed::incrementAndGet);

        assertThat(runtime.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(keyed).hasValue(2);
        assertThat(unkeyed).hasValue(3);
        assertThat(claimed).containsExactlyInAnyOrder("slack/1.2.3", "slack/4.5.6");
    }

    @Test
    void workThatFailsIsHeardAndTheWorkAfterItRuns() throws Exception {
        AtomicInteger after = new AtomicInteger();
        runtime.submit(() -> {
            throw new IllegalStateException("the chat is down");
        });
        runtime.submit(after::incrementAndGet);

        assertThat(runtime.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(failures).containsExactly("work: the chat is down");
        assertThat(after).hasValue(1);
    }

    @Test
    void whatIsTypedOrPressedRunsAsThePersonWithTheRoleTheLookupGivesThem() {
        MemoryChat chat = sweep.chat();
        runtime.typed(chat, sweep.organization, "U0ANA", () -> true, "scan");
        MemoryChat.Message card = chat.posted.stream().filter(message -> message.card() instanceof Card.FindingCard).findFirst().orElseThrow();
        int posted = chat.posted.size();

        runtime.pressed(chat, sweep.organization, "U0VI", () -> false, InMemorySweep.button(card.card(), "Approve").command(),
                new ConversationDriver.Press(card.id(), card.thread()));

        assertThat(chat.posted.get(0).card()).as("the platform admin's scan ran").isEqualTo(new Card.ScanStarted("U0ANA"));
        assertThat(chat.posted).as("nothing more posted for the viewer's press").hasSize(posted);
        assertThat(chat.privateTexts()).containsExactly("Not approved: viewers cannot approve cleanups; ask an admin to make you a member.");
    }

    @Test
    void theServerSpeaksOfItsOwnAccordAsTheScheduleAndToOnePersonInTheirOwnConversation() {
        runtime.notice(sweep.organization, "C0ALERTS", Optional.of("1.000001"), new Card.Text("Budget passed"));
        runtime.direct(sweep.organization, "U0BO", Optional.of("C0OPS"), new Card.Text("You were named an approver"));

        assertThat(opened).hasSize(2);
        Opened notice = opened.get(0);
        assertThat(notice.conversation()).isEqualTo("C0ALERTS");
        assertThat(notice.user()).isEqualTo(ConversationDriver.SCHEDULE.userId());
        assertThat(notice.chat().posted).containsExactly(new MemoryChat.Message("m-1", Optional.of("1.000001"), new Card.Text("Budget passed")));
        Opened direct = opened.get(1);
        assertThat(direct.user()).isEqualTo("U0BO");
        assertThat(direct.near()).contains("C0OPS");
        assertThat(direct.chat().posted).extracting(MemoryChat.Message::card).containsExactly(new Card.Text("You were named an approver"));
    }

    @Test
    void aQueuedScanRunsInTheConversationItWasAskedInWithWhoAskedHearingWhatIsPrivate() {
        sweep.scanQueue.here = false;
        MemoryChat asked = sweep.chat();
        sweep.typed(asked, MEMBER, "scan");
        ScanQueue.QueuedScan taken = sweep.scanQueue.take(sweep.scanQueue.ids().get(0)).orElseThrow();

        runtime.queuedScan(sweep.organization, taken);

        assertThat(opened).singleElement().satisfies(where -> {
            assertThat(where.conversation()).isEqualTo(asked.conversation());
            assertThat(where.user()).isEqualTo(MEMBER.userId());
            assertThat(where.chat().lastUpdateOf(asked.posted.get(0).id())).isInstanceOf(Card.ScanSummary.class);
        });
    }
}
