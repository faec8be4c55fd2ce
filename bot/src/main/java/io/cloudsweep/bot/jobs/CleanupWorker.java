package io.cloudsweep.bot.jobs;

import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.Cards;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.engine.cleanup.Cleanup;
import io.cloudsweep.engine.cleanup.CleanupService;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.cleanup.CleanupStore;
import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.StoredFinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * Runs one cleanup to its end and shows each step, then the finding's updated card, to whoever listens
 * (the console, or the chat the card lives in). Thread-safe.
 */
public final class CleanupWorker {

    /** The actor the audit names for steps a worker takes. */
    public static final String ACTOR = "cloudsweep";
    private static final Logger LOG = LoggerFactory.getLogger(CleanupWorker.class);

    private final CleanupService service;
    private final CleanupStore store;
    private final FindingQueries findings;
    private final Cards cards;
    private final Clock clock;
    private final ChatListener listener;
    private final Endings endings;

    /** Hears how a cleanup ended, with its finding as stored then: to call people to a failure, to tell those who approved it. */
    @FunctionalInterface
    public interface Endings {
        Endings NONE = (cleanup, end, finding) -> { };

        void ended(Cleanup cleanup, CleanupState end, Optional<StoredFinding> finding);
    }

    public CleanupWorker(CleanupService service, CleanupStore store, FindingQueries findings, Cards cards, Clock clock, ChatListener listener) {
        this(service, store, findings, cards, clock, listener, Endings.NONE);
    }

    public CleanupWorker(CleanupService service, CleanupStore store, FindingQueries findings, Cards cards, Clock clock, ChatListener listener,
                         Endings endings) {
        this.service = service;
        this.store = store;
        this.findings = findings;
        this.cards = cards;
        this.clock = clock;
        this.listener = listener;
        this.endings = endings;
    }

    void run(long cleanupId, boolean recovering) {
        Optional<Cleanup> cleanup = store.find(cleanupId);
        if (cleanup.isEmpty()) {
            LOG.warn("cleanup {} is not in the database; nothing to run", CleanupId.of(cleanupId));
            return;
        }
        long findingId = cleanup.get().findingId();
        CleanupId cleaning = CleanupId.of(cleanupId);
        FindingId findingOf = FindingId.of(findingId);
        if (recovering) {
            listener.show(new Card.CleanupProgress(cleaning, findingOf, "resuming after a restart from " + cleanup.get().state().id()));
        }
        Optional<CleanupState> end = service.advance(cleanupId, ACTOR, step -> listener.show(new Card.CleanupProgress(cleaning, findingOf, step)));
        if (end.isEmpty()) {
            LOG.info("cleanup {} is held by another worker; leaving it to that one", cleaning);
            return;
        }
        Optional<StoredFinding> after = findings.find(cleanup.get().organizationId(), findingId);
        after.ifPresent(finding -> listener.show(cards.finding(finding, clock.instant())));
        if (end.get().isFinished()) {
            endings.ended(cleanup.get(), end.get(), after);
        }
    }
}
