package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.store.Organization;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one conversation behind every chat: it runs what a person typed or pressed through the interpreter and
 * places the answer through the chat's {@link ChatPort}. It owns what all chats share: a scan's one progress message
 * (edited at most every {@code progressEvery}, then turned into the summary), where replies go (privately, in the
 * channel, in a thread, on the pressed card), finding cards a page at a time with a Show more button, approve-low's
 * per-finding outcomes, asking for a rejection's reason, and telling the chat's {@link CardTracking} where each card
 * is so it can be updated as its cleanup goes. Slack, Teams and the terminal keep only transport, verification and
 * rendering. Thread-safe; each call runs on the caller's thread.
 */
public final class ConversationDriver {

    /** Finding cards posted at a time; the rest wait behind a Show more button. */
    public static final int PAGE = 8;

    /** Where a pressed button is: the message that shows it, and the thread that message is in, if any. */
    public record Press(String messageId, Optional<String> thread) {
        public Press {
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(thread, "thread");
        }
    }

    private final CommandInterpreter interpreter;
    private final ButtonCodec codec;
    private final CardTracking tracking;
    private final Duration progressEvery;

    public ConversationDriver(CommandInterpreter interpreter, CardTracking tracking, Duration progressEvery) {
        this.interpreter = Objects.requireNonNull(interpreter, "interpreter");
        this.codec = new ButtonCodec(interpreter.parser());
        this.tracking = Objects.requireNonNull(tracking, "tracking");
        this.progressEvery = Objects.requireNonNull(progressEvery, "progressEvery");
    }

    /** The codec of this interpreter's commands, for chats that store them in buttons. */
    public ButtonCodec codec() {
        return codec;
    }

    /**
     * The answer to give at once, before any work is queued, when {@code text} needs no more than that: usage for
     * {@code help} and for what was not understood. A chat may acknowledge with it (Slack's ephemeral ack).
     */
    public Optional<String> immediately(String text) {
        return interpreter.parser().parse(text) instanceof ChatCommand.Help help ? Optional.of(CommandInterpreter.usage(help)) : Optional.empty();
    }

    /** What a person typed in the conversation. */
    public void typed(ChatPort port, Organization organization, Actor actor, String text) {
        ChatCommand command = interpreter.parser().parse(text);
        if (command instanceof ChatCommand.Scan) {
            scan(port, organization, actor, command);
        } else {
            answer(port, organization, actor, run(port, organization, actor, command, ChatListener.NONE), Optional.empty());
        }
    }

    /** Places a reply; an account just connected is then scanned as though the person had typed {@code scan <account>}. */
    private void answer(ChatPort port, Organization organization, Actor actor, Reply reply, Optional<Press> press) {
        if (reply instanceof Reply.Answered answered) {
            if (press.isPresent()) {
                port.update(press.get().messageId(), answered.card());
            } else {
                port.post(Optional.empty(), answered.card());
            }
            return;
        }
        if (reply instanceof Reply.Connected connected) {
            place(port, new Reply.Shown(connected.cards()), press);
            scan(port, organization, actor, connected.firstScan());
            return;
        }
        place(port, reply, press);
    }

    /**
     * A button a person pressed, the command decoded from its value by the chat. A Reject without a reason asks for
     * one first where the chat can; the chat comes back here with the reason.
     */
    public void pressed(ChatPort port, Organization organization, Actor actor, ChatCommand command, Press press) {
        if (command instanceof ChatCommand.Reject reject && reject.reason().isEmpty() && port.askReason(reject, Optional.of(press))) {
            return;
        }
        if (command instanceof ChatCommand.Scan) {
            scan(port, organization, actor, command);
            return;
        }
        answer(port, organization, actor, run(port, organization, actor, command, ChatListener.NONE), Optional.of(press));
    }

    private Reply run(ChatPort port, Organization organization, Actor actor, ChatCommand command, ChatListener progress) {
        return interpreter.run(new CommandInterpreter.Request(organization, actor, command, progress, port::user, port.conversation(),
                port.confides()));
    }

    /** Who scheduled scans run as: a member may scan; the schedule was set by an admin. */
    public static final Actor SCHEDULE = new Actor("cloudsweep-schedule", io.cloudsweep.engine.approval.Role.MEMBER);

    /**
     * A scheduled scan of every connected account, in the conversation where it was scheduled: its progress message
     * becomes the summary (how many are new, resolved, still open), and only the findings it found first are posted as
     * cards in its thread, so the same cards do not come again every day.
     */
    public void scheduledScan(ChatPort port, Organization organization) {
        scan(port, organization, SCHEDULE, new ChatCommand.Scan(Optional.empty(), List.of()), true);
    }

    private void scan(ChatPort port, Organization organization, Actor actor, ChatCommand command) {
        scan(port, organization, actor, command, false);
    }

    /**
     * A scan: one message shows it started, and it is queued for a replica to run (see {@link #run}); a refusal (a
     * scan already reading the account, say) takes its place. A chat no other replica can reach runs it here.
     */
    private void scan(ChatPort port, Organization organization, Actor actor, ChatCommand command, boolean scheduled) {
        String message = port.post(Optional.empty(), new Card.ScanStarted(actor.userId()));
        Reply reply = interpreter.queueScan(new CommandInterpreter.Request(organization, actor, command, ChatListener.NONE, port::user,
                port.conversation()), message, scheduled);
        if (reply instanceof Reply.Queued queued) {
            if (queued.here()) {
                run(port, organization, queued.scan());
            }
            return;
        }
        notRun(port, message, reply, scheduled);
    }

    /**
     * Runs a queued scan, on whichever replica took it, through {@code port} opened on the conversation that asked:
     * its message shows the progress, then the summary; in its thread go the cards (a scheduled scan's: only those it
     * found first) and, asked for by a person, the CSV of the open findings. Run again after its replica died, it says
     * so first.
     */
    public void run(ChatPort port, Organization organization, ScanQueue.QueuedScan scan) {
        String message = scan.order().message();
        boolean scheduled = scan.order().scheduled();
        if (scan.attempt() > 1) {
            port.update(message, new Card.Text("The replica running this scan stopped; scanning again (attempt " + scan.attempt() + ")."));
        }
        Reply reply = interpreter.runQueued(organization, scan, new ProgressThrottle(progressEvery, card -> port.update(message, card)));
        if (!(reply instanceof Reply.Scanned scanned)) {
            notRun(port, message, reply, scheduled);
            return;
        }
        port.update(message, scanned.summary());
        Optional<String> thread = Optional.of(message);
        cardsAndMore(port, thread, scanned.page(), scanned.listing(), scanned.total());
        scanned.csv().ifPresent(file -> port.attach(thread, file.filename(), file.title(), file.content()));
    }

    /** A scan refused: a scheduled one says why on its own message, since nobody asked; a typed one tells the person. */
    private void notRun(ChatPort port, String message, Reply reply, boolean scheduled) {
        if (scheduled) {
            port.update(message, new Card.Text("Scheduled scan not run: " + (reply instanceof Reply.Private refused ? refused.text()
                    : reply instanceof Reply.Throttled throttled ? throttled.text() : reply)));
            return;
        }
        port.update(message, new Card.Text("Scan not started."));
        place(port, reply, Optional.empty());
    }

    /**
     * A snooze ended: the finding is opened again and its card posted in the conversation, where its updates will go
     * from now on. Nothing is posted when it was decided meanwhile, or snoozed again for longer.
     */
    public void snoozeEnded(ChatPort port, Organization organization, long findingId) {
        interpreter.snoozeEnded(organization, findingId).ifPresent(card -> tracking.posted(port.conversation(), port.post(Optional.empty(), card), card));
    }

    /**
     * A scheduled digest, in the conversation where it was scheduled: the weekly digest, or last month's report, its
     * weeks starting in {@code zone}.
     */
    public void scheduledDigest(ChatPort port, Organization organization, Digest.Scope scope, ZoneId zone) {
        digested(port, interpreter.digest(organization, scope, zone));
    }

    /** A digest: one message (with its chart), and in its thread the costliest findings, what needs attention, the month's CSV. */
    private void digested(ChatPort port, Reply.Digested digested) {
        String message = port.post(Optional.empty(), digested.digest());
        Optional<String> thread = Optional.of(message);
        for (Card.FindingCard card : digested.top()) {
            tracking.posted(port.conversation(), port.post(thread, card), card);
        }
        digested.attention().ifPresent(text -> port.post(thread, text));
        digested.csv().ifPresent(file -> port.attach(thread, file.filename(), file.title(), file.content()));
    }

    /**
     * Posts what the server says of its own accord (an alert, a notification) in the conversation, in the thread of
     * {@code thread} (a finding's card) when given.
     */
    public void notice(ChatPort port, Optional<String> thread, Card card) {
        port.post(thread, card);
    }

    /** Places a reply: on the pressed card and privately for a press, in the conversation for what was typed. */
    private void place(ChatPort port, Reply reply, Optional<Press> press) {
        if (reply instanceof Reply.Private answer) {
            port.privately(new Card.Text(answer.text()));
        } else if (reply instanceof Reply.Throttled throttled) {
            port.privately(new Card.Text(throttled.text()));
        } else if (reply instanceof Reply.Shown shown) {
            String first = port.post(Optional.empty(), shown.cards().get(0));
            shown.cards().subList(1, shown.cards().size()).forEach(card -> port.post(Optional.of(first), card));
        } else if (reply instanceof Reply.Listing listing) {
            listing(port, listing, press);
        } else if (reply instanceof Reply.Decided decided) {
            decided(port, decided, press);
        } else if (reply instanceof Reply.Digested digested) {
            digested(port, digested);
        } else if (reply instanceof Reply.Confided confided) {
            port.post(Optional.empty(), confided.card());
            port.privately(new Card.Text(confided.secret()));
        } else {
            throw new IllegalStateException("a scan's reply is placed by the scan's own message, a connection's by answer, not here");
        }
    }

    /** A listing: typed, its heading in the channel and a page in its thread; Show more pressed, the next page in the same thread. */
    private void listing(ChatPort port, Reply.Listing listing, Optional<Press> press) {
        Optional<String> thread;
        if (press.isPresent() && listing.query().from() > 0) {
            port.update(press.get().messageId(), new Card.Text("Showing more findings below."));
            thread = press.get().thread();
        } else {
            thread = Optional.of(port.post(Optional.empty(), new Card.Text(listing.heading())));
        }
        cardsAndMore(port, thread, listing.cards(), listing.query(), listing.total());
    }

    /**
     * Posts {@code page}, the cards {@code query} lists from its first position on, each its own message, and a Show
     * more button for the rest of the {@code total} while any are left.
     */
    private void cardsAndMore(ChatPort port, Optional<String> thread, List<Card.FindingCard> page, ChatCommand.Findings query, int total) {
        for (Card.FindingCard card : page) {
            tracking.posted(port.conversation(), port.post(thread, card), card);
        }
        int shown = query.from() + page.size();
        if (shown < total) {
            port.post(thread, new Card.ShowMore(total - shown, Card.Button.of("Show more", query.from(shown), Card.Button.Style.DEFAULT)));
        }
    }

    /**
     * Decisions. A refusal is said to the person alone. Pressed on a finding's card: the card shows the outcome, in
     * order with the card's other updates, then the person is told the rest privately. Typed: the card is posted, the
     * outcome in its thread. On many findings (approve-low): each
     * card is updated where it was posted, and what became of each is said to the person.
     */
    private void decided(ChatPort port, Reply.Decided decided, Optional<Press> press) {
        if (decided.summary().isPresent()) {
            decided.outcomes().forEach(outcome -> tracking.show(outcome.card()));
            if (press.isPresent()) {
                port.privately(new Card.Text(decided.summary().get()));
            } else {
                port.post(Optional.empty(), new Card.Text(decided.summary().get()));
            }
            return;
        }
        for (Reply.Outcome outcome : decided.outcomes()) {
            if (outcome.refused()) {
                port.privately(new Card.Text(outcome.message()));
            } else if (press.isPresent()) {
                String pressed = press.get().messageId();
                tracking.replace(port.conversation(), pressed, outcome.card(), card -> port.update(pressed, card));
                if (!outcome.message().isEmpty()) {
                    port.privately(new Card.Text(outcome.message()));
                }
            } else {
                String posted = port.post(Optional.empty(), outcome.card());
                tracking.posted(port.conversation(), posted, outcome.card());
                if (!outcome.message().isEmpty()) {
                    port.post(Optional.of(posted), new Card.Text(outcome.message()));
                }
            }
        }
    }
}
