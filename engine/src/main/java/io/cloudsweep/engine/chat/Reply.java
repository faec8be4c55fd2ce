package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.model.FindingId;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the interpreter answers a command with, typed by what it is, so the conversation driver places each part
 * (privately, in the channel, in a thread, on the pressed card) without reading text back.
 */
public sealed interface Reply {

    /** For the person who asked alone (Slack ephemeral): usage, denials, mistakes. */
    record Private(String text) implements Reply {
        public Private {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Not done, for the person alone, because they (or their organization) asked too often: it may be asked again after {@code retryAfter}. */
    record Throttled(String text, Duration retryAfter) implements Reply {
        public Throttled {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }
    }

    /** Cards for everyone in the conversation, in order: the first where the person asked, the rest in its thread. */
    record Shown(List<Card> cards) implements Reply {
        public Shown {
            cards = List.copyOf(cards);
            if (cards.isEmpty()) {
                throw new IllegalArgumentException("a reply shows at least one card");
            }
        }
    }

    /** The answer to a {@link Card.Question}: pressed, it shows in place of the question; typed, it is posted. */
    record Answered(Card card) implements Reply {
        public Answered {
            Objects.requireNonNull(card, "card");
        }
    }

    /** An account connected: the connection test's cards, in the conversation, then its first scan as if typed. */
    record Connected(List<Card> cards, ChatCommand.Scan firstScan) implements Reply {
        public Connected {
            cards = List.copyOf(cards);
            Objects.requireNonNull(firstScan, "firstScan");
        }
    }

    /**
     * One page of finding cards under a heading: those from {@code query.from()} on, of {@code total} that matched; the
     * driver shows them with a Show more button that carries the query of the next page while any are left.
     */
    record Listing(String heading, List<Card.FindingCard> cards, ChatCommand.Findings query, int total) implements Reply {
        public Listing {
            Objects.requireNonNull(heading, "heading");
            cards = List.copyOf(cards);
            Objects.requireNonNull(query, "query");
        }
    }

    /**
     * A digest: its one message, then in its thread the costliest open findings' cards, what needs attention, and (for
     * the monthly report) its cleanups as a CSV file.
     */
    record Digested(Card.Digest digest, List<Card.FindingCard> top, Optional<Card.Text> attention, Optional<File> csv) implements Reply {
        public Digested {
            Objects.requireNonNull(digest, "digest");
            top = List.copyOf(top);
            Objects.requireNonNull(attention, "attention");
            Objects.requireNonNull(csv, "csv");
        }
    }

    /** A card for the conversation, and a secret for the person who asked alone (a chat that cannot keep one is not given it). */
    record Confided(Card card, String secret) implements Reply {
        public Confided {
            Objects.requireNonNull(card, "card");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /** A text file shared with a reply. */
    record File(String filename, String title, String content) {
        public File {
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(content, "content");
        }
    }

    /** A scan queued: a replica runs it, or, {@code here}, the caller does (see {@link ScanQueue.Claim.Accepted}). */
    record Queued(ScanQueue.QueuedScan scan, boolean here) implements Reply {
        public Queued {
            Objects.requireNonNull(scan, "scan");
        }
    }

    /**
     * A stored scan: its summary, then the first page of the findings to post (every open finding after a scan someone
     * asked for, only those it found first after a scheduled one), and, for a scan someone asked for, the open findings
     * as CSV (at most {@link CommandInterpreter#CSV_ROWS} of them, in the listing's order).
     *
     * @param scanId the stored scan's id
     * @param page   the first page of cards, of {@code total} that {@code listing} pages through with its Show more button
     */
    record Scanned(long scanId, Card.ScanSummary summary, List<Card.FindingCard> page, int total, ChatCommand.Findings listing,
                   Optional<File> csv) implements Reply {
        public Scanned {
            Objects.requireNonNull(summary, "summary");
            page = List.copyOf(page);
            Objects.requireNonNull(listing, "listing");
            Objects.requireNonNull(csv, "csv");
        }
    }

    /**
     * Decisions on findings (approve, snooze, reject, undo; approve-low decides on many): what became of each.
     *
     * @param summary for a decision on many findings, what became of all of them in words
     */
    record Decided(List<Outcome> outcomes, Optional<String> summary) implements Reply {
        public Decided {
            outcomes = List.copyOf(outcomes);
            Objects.requireNonNull(summary, "summary");
        }

        public static Decided one(Outcome outcome) {
            return new Decided(List.of(outcome), Optional.empty());
        }
    }

    /**
     * What became of one finding.
     *
     * @param card    the finding's card as it stands after the decision
     * @param message what to tell the person, if anything beyond the card
     */
    record Outcome(FindingId finding, Card.FindingCard card, Result result, String message) {
        public Outcome {
            Objects.requireNonNull(finding, "finding");
            Objects.requireNonNull(card, "card");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(message, "message");
        }

        public boolean refused() {
            return result == Result.REFUSED;
        }
    }

    /** How a decision went. */
    enum Result {
        /** Done: a cleanup begun, a snooze or rejection recorded, a cleanup undone. */
        DONE,
        /** Counted, but a second admin must approve too. */
        AWAITING,
        /** Done before (a double click, a redelivered request): nothing more was done. */
        ALREADY,
        /** Not done, with why in the message. */
        REFUSED
    }
}
