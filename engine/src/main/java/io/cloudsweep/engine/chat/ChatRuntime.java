package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.store.CardLocations;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.Organization;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * What a chat's bot runs on, the same in every chat: the threads a request's work runs on once the request is
 * acknowledged (once for all its deliveries), the {@link CardUpdater} that keeps posted cards in step with their
 * findings, the {@link ConversationDriver}, and the ways the server speaks in the chat of its own accord (a scheduled or
 * queued scan, a snooze that ended, a digest, a notice, a direct message). A chat brings its {@link Transport} and keeps
 * only verification, parsing and rendering. Thread-safe.
 */
public final class ChatRuntime implements ChatListener, AutoCloseable {

    /** How often a scan's progress message is edited, at most. */
    public static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    /** Requests' work running at once; card updates have lanes of their own ({@link CardUpdater}). */
    private static final int WORK_THREADS = 4;

    /** Where the server speaks in a chat of its own accord. */
    public interface Conversations {

        /**
         * {@code conversation} of {@code organization}, with {@code user} as the one who hears what is private.
         *
         * @throws RuntimeException when the chat cannot reach it (the app is not installed there, no reference is stored)
         */
        ChatPort open(Organization organization, String conversation, String user);

        /** {@code user}'s own conversation with the bot, reached through {@code near} (a conversation of theirs) where the chat needs one. */
        ChatPort direct(Organization organization, String user, Optional<String> near);
    }

    /**
     * How one chat renders and sends.
     *
     * @param chat      the chat's name ({@code slack}, {@code teams}), which names its threads and its cards' locations
     * @param rendering a card as the chat would show it, to tell whether an update changes anything
     * @param sender    sends a card update to where the card was posted
     * @param carry     wraps each task on the thread that submits it, so it runs with what that thread knew (the request's logging context)
     */
    public record Transport(String chat, Function<Card, String> rendering, CardUpdater.Sender sender, Conversations conversations,
                            UnaryOperator<Runnable> carry) {
        public Transport {
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(rendering, "rendering");
            Objects.requireNonNull(sender, "sender");
            Objects.requireNonNull(conversations, "conversations");
            Objects.requireNonNull(carry, "carry");
        }
    }

    /**
     * What every chat needs of the rest of CloudSweep.
     *
     * @param firstDelivery whether a delivery's key is claimed for the first time, by any replica
     */
    public record Services(CommandInterpreter interpreter, FindingQueries findings, CardLocations locations, RoleLookup roles,
                           Predicate<String> firstDelivery, Clock clock) {
        public Services {
            Objects.requireNonNull(interpreter, "interpreter");
            Objects.requireNonNull(findings, "findings");
            Objects.requireNonNull(locations, "locations");
            Objects.requireNonNull(roles, "roles");
            Objects.requireNonNull(firstDelivery, "firstDelivery");
            Objects.requireNonNull(clock, "clock");
        }
    }

    /** Hears what failed on the chat's threads: {@code what} is {@code work} or {@code a card update}. */
    @FunctionalInterface
    public interface Failures {
        void failed(String what, Throwable failure);
    }

    private final Services services;
    private final Conversations conversations;
    private final ChatWork work;
    private final CardUpdater cards;
    private final ConversationDriver driver;

    public ChatRuntime(Services services, Transport transport, Failures failures) {
        this.services = services;
        this.conversations = transport.conversations();
        this.work = new ChatWork(transport.chat() + "-work", WORK_THREADS, failure -> failures.failed("work", failure), transport.carry());
        this.cards = new CardUpdater(transport.chat(), services.locations(), services.findings(), services.interpreter(), services.clock(),
                transport.rendering(), transport.sender(), failure -> failures.failed("a card update", failure));
        this.driver = new ConversationDriver(services.interpreter(), cards, PROGRESS_EVERY);
    }

    /** The conversation every request of this chat runs through. */
    public ConversationDriver driver() {
        return driver;
    }

    /** Runs {@code task} on the work threads, after the request that asked for it is acknowledged. */
    public void submit(Runnable task) {
        work.submit(task);
    }

    /**
     * Runs {@code task} on the work threads once for all deliveries of {@code delivery} (the chat's own key of what it
     * delivered; empty when it has none): a delivery sent again, to this replica or another, is dropped there by the
     * claim in the shared database. The claim is made on the work threads, so a busy database does not hold up
     * acknowledgements.
     */
    public void once(Optional<String> delivery, Runnable task) {
        work.submit(() -> {
            if (delivery.map(services.firstDelivery()::test).orElse(true)) {
                task.run();
            }
        });
    }

    /**
     * What {@code user} typed in {@code port}'s conversation, run as them with their role in {@code organization};
     * {@code platformAdmin} (whether the chat says they run the workspace) is asked only when no role was set for them.
     */
    public void typed(ChatPort port, Organization organization, String user, BooleanSupplier platformAdmin, String text) {
        driver.typed(port, organization, actor(organization, user, platformAdmin), text);
    }

    /** A button {@code user} pressed, or a form they sent, on the message {@code press} names; as they would type it. */
    public void pressed(ChatPort port, Organization organization, String user, BooleanSupplier platformAdmin, ChatCommand command,
                        ConversationDriver.Press press) {
        driver.pressed(port, organization, actor(organization, user, platformAdmin), command, press);
    }

    /** {@code user} with their CloudSweep role in {@code organization}, the chat asked about them only when no role was set. */
    Actor actor(Organization organization, String user, BooleanSupplier platformAdmin) {
        return new Actor(user, services.roles().of(organization, user, platformAdmin));
    }

    /** A scheduled scan of {@code organization}, queued and posted in {@code conversation}, where it was scheduled. */
    public void scheduledScan(Organization organization, String conversation) {
        driver.scheduledScan(opened(organization, conversation), organization);
    }

    /**
     * Runs a queued scan on the caller's thread (the scheduler's job, on whichever replica took it), in the conversation
     * where it was asked for, and privately to whoever asked.
     */
    public void queuedScan(Organization organization, ScanQueue.QueuedScan scan) {
        driver.run(conversations.open(organization, scan.order().conversation(), scan.order().actor().userId()), organization, scan);
    }

    /** A snooze ended: the finding is opened again and its card posted in {@code conversation}. */
    public void snoozeEnded(Organization organization, String conversation, long findingId) {
        driver.snoozeEnded(opened(organization, conversation), organization, findingId);
    }

    /** Posts the organization's digest (weekly, or last month's report) in {@code conversation}. */
    public void digest(Organization organization, String conversation, Digest.Scope scope, ZoneId zone) {
        driver.scheduledDigest(opened(organization, conversation), organization, scope, zone);
    }

    /** Posts {@code card} (an alert, a notification) in {@code conversation}, in the thread of {@code thread} when given. */
    public void notice(Organization organization, String conversation, Optional<String> thread, Card card) {
        driver.notice(opened(organization, conversation), thread, card);
    }

    /** Tells {@code user} alone, in their own conversation with the bot, reached through {@code near} where the chat needs one. */
    public void direct(Organization organization, String user, Optional<String> near, Card card) {
        conversations.direct(organization, user, near).post(Optional.empty(), card);
    }

    /** A conversation the server posts in of its own accord, as {@link ConversationDriver#SCHEDULE}. */
    private ChatPort opened(Organization organization, String conversation) {
        return conversations.open(organization, conversation, ConversationDriver.SCHEDULE.userId());
    }

    /** Updates a finding's card where it was posted in this chat, as its cleanup moves on (see {@link CardUpdater}). */
    @Override
    public void show(Card card) {
        cards.show(card);
    }

    /** Waits until the work the requests so far left behind (answers, card updates) is done, for at most {@code longest}; whether it is. */
    public boolean awaitIdle(Duration longest) throws InterruptedException {
        long deadline = System.nanoTime() + longest.toNanos();
        return work.awaitIdle(longest) && cards.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    @Override
    public void close() {
        work.close();
        cards.close();
    }
}
