package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.store.Organization;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Scans asked for in a chat (typed, pressed, or fired by a schedule), kept where every replica sees them: queued, taken
 * by whichever replica runs it, and run again by another should that one die. An account is in one scan at a time:
 * a scan that would read an account another is reading is not queued, and the one running is named instead.
 * Thread-safe.
 */
public interface ScanQueue {

    /**
     * A scan to run: who asked, where, what, and the message that shows it (its progress, then its summary). A scan asked
     * for outside any chat (through the API) has no conversation and no message: it is followed by its id.
     *
     * @param accounts the ids of the accounts it reads, claimed while it runs
     */
    record Order(long organizationId, Organization.Platform platform, String conversation, Actor actor, ChatCommand.Scan command,
                 String message, boolean scheduled, List<String> accounts) {
        public Order {
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(conversation, "conversation");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(message, "message");
            accounts = List.copyOf(accounts);
            if (accounts.isEmpty()) {
                throw new IllegalArgumentException("a scan reads at least one account");
            }
        }

        /** Whether no chat asked for it (the API did), so none hears of it. */
        public boolean headless() {
            return conversation.isEmpty();
        }
    }

    /** A queued scan as a replica takes it; {@code attempt} counts the takes, so above 1 it is being run again. */
    record QueuedScan(long id, Order order, int attempt) {
        public QueuedScan {
            Objects.requireNonNull(order, "order");
        }
    }

    /** The scan holding an account: who started it, when it was queued, how far it is. */
    record Running(long id, String startedBy, Instant since, Optional<String> progress, List<String> accounts) {
        public Running {
            Objects.requireNonNull(startedBy, "startedBy");
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(progress, "progress");
            accounts = List.copyOf(accounts);
        }
    }

    /** What queuing came to. */
    sealed interface Claim {

        /**
         * Queued. {@code here} when the scan is to run on the caller's thread: its chat cannot be reached from another
         * replica (the terminal); otherwise a replica takes it and runs it through {@link ConversationDriver#run}.
         */
        record Accepted(QueuedScan scan, boolean here) implements Claim {
            public Accepted {
                Objects.requireNonNull(scan, "scan");
            }
        }

        /** Not queued: {@code running} reads one of its accounts. */
        record Busy(Running running) implements Claim {
            public Busy {
                Objects.requireNonNull(running, "running");
            }
        }

        /** Not queued: the organization started as many scans as it may for now; one may start after {@code retryAfter}. */
        record Limited(Duration retryAfter) implements Claim {
            public Limited {
                Objects.requireNonNull(retryAfter, "retryAfter");
            }
        }
    }

    /** Claims the order's accounts and queues it, or says which scan holds one of them. */
    Claim queue(Order order);

    /** Takes a queued scan to run it, counting the attempt; empty when it finished already (or never was). */
    Optional<QueuedScan> take(long id);

    /** How far a scan is, in words ("5 of 17 regions read"); also tells the others its replica is alive. */
    void progress(long id, String progress);

    /**
     * The scan ended ({@code completed} or {@code failed: why}), its findings stored as scan {@code stored} when it got
     * that far; its accounts are free. Repeating it changes nothing.
     */
    void finished(long id, String outcome, OptionalLong stored);
}
