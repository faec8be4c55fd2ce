package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.store.CardLocations;
import io.cloudsweep.engine.store.FindingQueries;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Keeps a chat's posted finding cards in step with their findings: each event about a finding (its card, a cleanup
 * step) leads to the card being shown again where the chat posted it, rendered from the finding as stored when the
 * update runs. A finding's updates run one at a time, in order, so a late step never overwrites a newer state; the
 * cards of different findings are updated side by side, on {@link #LANES} lanes, so one card slow to send does not hold
 * up the others (before, a burst of clicks queued every card of the chat behind one thread). An update that would show
 * the same as the last one is not sent. The chat supplies the rendering, the sending, and where failures
 * are reported (the engine logs nothing itself). Thread-safe.
 */
public final class CardUpdater implements CardTracking, AutoCloseable {

    /** Sends a card to where it was posted. */
    @FunctionalInterface
    public interface Sender {
        void update(CardLocations.Location location, Card card);
    }

    private static final int REMEMBERED = 10_000;
    /** Threads updating cards at once; a finding always updates on the same one. */
    static final int LANES = 8;
    /** How long a pressed card waits for its turn among the chat's card updates. */
    private static final Duration REPLACE_WAIT = Duration.ofSeconds(20);

    private final String chat;
    private final CardLocations locations;
    private final FindingQueries findings;
    private final CommandInterpreter interpreter;
    private final Clock clock;
    private final Function<Card, String> rendering;
    private final Sender sender;
    private final Consumer<Throwable> failures;
    private final List<ChatWork> lanes;
    private volatile boolean closed;
    /** What each card message last showed. A message shows one finding, so it is touched by that finding's lane only. */
    private final Map<String, String> lastShown = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    });

    /**
     * @param chat      the chat whose cards these are ({@code slack}, {@code teams}); cards posted elsewhere are left alone
     * @param rendering what a card looks like in this chat, to tell whether an update changes anything
     * @param failures  hears every update that failed, and those dropped while stopping
     */
    public CardUpdater(String chat, CardLocations locations, FindingQueries findings, CommandInterpreter interpreter, Clock clock,
                       Function<Card, String> rendering, Sender sender, Consumer<Throwable> failures) {
        this.chat = chat;
        this.locations = locations;
        this.findings = findings;
        this.interpreter = interpreter;
        this.clock = clock;
        this.rendering = rendering;
        this.sender = sender;
        this.failures = failures;
        this.lanes = IntStream.range(0, LANES).mapToObj(lane -> new ChatWork(chat + "-cards-" + lane, 1, failures)).toList();
    }

    /** Remembers where the card is, for every replica, and what it shows now, so the same is not sent again. */
    @Override
    public void posted(String conversation, String messageId, Card.FindingCard card) {
        locations.remember(card.findingId().value(), chat, conversation, messageId);
        String rendered = rendering.apply(card);
        submit(card.findingId().value(), () -> lastShown.put(messageId, rendered));
    }

    /**
     * Shows the card as stored when its turn comes (or as given, when its finding is gone), unless the message shows that
     * already (an update of the cleanup got there first), and waits until then.
     */
    @Override
    public void replace(String conversation, String messageId, Card.FindingCard card, Consumer<Card> show) {
        locations.remember(card.findingId().value(), chat, conversation, messageId);
        if (closed) {
            show.accept(card);
            return;
        }
        CompletableFuture<Void> shown = new CompletableFuture<>();
        submit(card.findingId().value(), () -> {
            try {
                Card current = locations.find(card.findingId().value())
                        .flatMap(location -> findings.find(location.organizationId(), card.findingId().value()))
                        .map(stored -> (Card) interpreter.cards().finding(stored, clock.instant())).orElse(card);
                String rendered = rendering.apply(current);
                if (!rendered.equals(lastShown.get(messageId))) {
                    show.accept(current);
                    lastShown.put(messageId, rendered);
                }
                shown.complete(null);
            } catch (RuntimeException e) {
                shown.completeExceptionally(e);
            }
        });
        try {
            shown.get(REPLACE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            failures.accept(e);
        }
    }

    @Override
    public void show(Card card) {
        long findingId;
        if (card instanceof Card.FindingCard finding) {
            findingId = finding.findingId().value();
        } else if (card instanceof Card.CleanupProgress progress) {
            findingId = progress.findingId().value();
        } else {
            return;
        }
        submit(findingId, () -> locations.find(findingId).filter(location -> location.chat().equals(chat)).ifPresent(location -> {
            Card current = findings.find(location.organizationId(), findingId)
                    .map(stored -> (Card) interpreter.cards().finding(stored, clock.instant())).orElse(card);
            String rendered = rendering.apply(current);
            if (!rendered.equals(lastShown.put(location.messageId(), rendered))) {
                sender.update(location, current);
            }
        }));
    }

    private void submit(long findingId, Runnable update) {
        if (closed) {
            failures.accept(new IllegalStateException("stopping: a card update in " + chat + " is dropped"));
            return;
        }
        try {
            lanes.get(Math.floorMod(findingId, LANES)).submit(update);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            failures.accept(new IllegalStateException("stopping: a card update in " + chat + " is dropped", e));
        }
    }

    /** Waits until every update asked for so far has run, for at most {@code longest}; whether they all have. */
    public boolean awaitIdle(Duration longest) throws InterruptedException {
        long deadline = System.nanoTime() + longest.toNanos();
        for (ChatWork lane : lanes) {
            if (!lane.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /** Lets queued updates finish for a little while (the lanes side by side), then stops. */
    @Override
    public void close() {
        closed = true;
        List<Thread> closing = lanes.stream().map(lane -> new Thread(lane::close, chat + "-cards-closing")).toList();
        closing.forEach(Thread::start);
        try {
            for (Thread lane : closing) {
                lane.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
