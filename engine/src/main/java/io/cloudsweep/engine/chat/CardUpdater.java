package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.store.CardLocations;
import io.cloudsweep.engine.store.FindingQueries;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps a chat's posted finding cards in step with their findings: each event about a finding (its card, a cleanup
 * step) leads to the card being shown again where the chat posted it, rendered from the finding as stored when the
 * update runs. Updates run one at a time, in order, so a late step never overwrites a newer state, and an update
 * that would show the same as the last one is not sent. The chat supplies the rendering, the sending, and where failures
 * are reported (the engine logs nothing itself). Thread-safe.
 */
public final class CardUpdater implements CardTracking, AutoCloseable {

    /** Sends a card to where it was posted. */
    @FunctionalInterface
    public interface Sender {
        void update(CardLocations.Location location, Card card);
    }

    private static final int REMEMBERED = 10_000;
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
    private final ExecutorService updates;
    /** What each card message last showed. Touched by the update thread only. */
    private final Map<String, String> lastShown = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

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
        this.updates = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, chat + "-cards");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Remembers where the card is, for every replica, and what it shows now, so the same is not sent again. */
    @Override
    public void posted(String conversation, String messageId, Card.FindingCard card) {
        locations.remember(card.findingId().value(), chat, conversation, messageId);
        String rendered = rendering.apply(card);
        submit(() -> lastShown.put(messageId, rendered));
    }

    /**
     * Shows the card as stored when its turn comes (or as given, when its finding is gone), unless the message shows that
     * already (an update of the cleanup got there first), and waits until then.
     */
    @Override
    public void replace(String conversation, String messageId, Card.FindingCard card, Consumer<Card> show) {
        locations.remember(card.findingId().value(), chat, conversation, messageId);
        if (updates.isShutdown()) {
            show.accept(card);
            return;
        }
        CompletableFuture<Void> shown = new CompletableFuture<>();
        submit(() -> {
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
        submit(() -> locations.find(findingId).filter(location -> location.chat().equals(chat)).ifPresent(location -> {
            Card current = findings.find(location.organizationId(), findingId)
                    .map(stored -> (Card) interpreter.cards().finding(stored, clock.instant())).orElse(card);
            String rendered = rendering.apply(current);
            if (!rendered.equals(lastShown.put(location.messageId(), rendered))) {
                sender.update(location, current);
            }
        }));
    }

    private void submit(Runnable update) {
        if (updates.isShutdown()) {
            failures.accept(new IllegalStateException("stopping: a card update in " + chat + " is dropped"));
            return;
        }
        updates.submit(() -> {
            try {
                update.run();
            } catch (Throwable e) {
                failures.accept(e);
            }
        });
    }

    /** Lets queued updates finish for a little while, then stops. */
    @Override
    public void close() {
        updates.shutdown();
        try {
            if (!updates.awaitTermination(2, TimeUnit.SECONDS)) {
                updates.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
