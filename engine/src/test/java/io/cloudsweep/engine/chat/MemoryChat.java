package io.cloudsweep.engine.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A chat in memory: it records what the conversation driver posts (with the thread), updates, says privately, asks
 * and attaches, as a platform would show it, and names the people of its directory.
 */
class MemoryChat implements ChatPort {

    /** A message as posted, with what it shows now. */
    record Message(String id, Optional<String> thread, Card card) {
    }

    /** An update of a posted message. */
    record Update(String messageId, Card card) {
    }

    final List<Message> posted = new ArrayList<>();
    final List<Update> updates = new ArrayList<>();
    final List<Card> privately = new ArrayList<>();
    final List<ChatCommand.Reject> askedWhy = new ArrayList<>();
    final List<String> attached = new ArrayList<>();
    private final Map<String, String> people;
    private final boolean asksWhy;
    private int ids;

    /** @param people mention → user id, as the chat's directory knows them; {@code asksWhy}: whether it can ask for a reason */
    MemoryChat(Map<String, String> people, boolean asksWhy) {
        this.people = Map.copyOf(people);
        this.asksWhy = asksWhy;
    }

    @Override
    public String conversation() {
        return "C-memory";
    }

    @Override
    public synchronized String post(Optional<String> thread, Card card) {
        String id = "m-" + ++ids;
        posted.add(new Message(id, thread, card));
        return id;
    }

    @Override
    public synchronized void update(String messageId, Card card) {
        updates.add(new Update(messageId, card));
    }

    @Override
    public synchronized void privately(Card card) {
        privately.add(card);
    }

    @Override
    public boolean confides() {
        return true;
    }

    @Override
    public synchronized boolean askReason(ChatCommand.Reject reject, Optional<ConversationDriver.Press> on) {
        if (asksWhy) {
            askedWhy.add(reject);
        }
        return asksWhy;
    }

    @Override
    public synchronized void attach(Optional<String> thread, String filename, String title, String content) {
        attached.add(thread.orElse("") + " " + filename + "\n" + content);
    }

    @Override
    public Optional<String> user(String mention) {
        return Optional.ofNullable(people.get(mention));
    }

    synchronized List<Message> posted(Predicate<Card> matching) {
        return posted.stream().filter(message -> matching.test(message.card())).toList();
    }

    /** The finding cards posted, in order. */
    synchronized List<Card.FindingCard> findingCards() {
        return posted.stream().map(Message::card).filter(Card.FindingCard.class::isInstance).map(Card.FindingCard.class::cast).toList();
    }

    synchronized Card lastUpdateOf(String messageId) {
        return updates.stream().filter(update -> update.messageId().equals(messageId)).reduce((first, second) -> second).map(Update::card)
                .orElseThrow(() -> new AssertionError("message " + messageId + " was never updated"));
    }

    /** What was said privately, as text. */
    synchronized List<String> privateTexts() {
        return privately.stream().map(Cards::summary).toList();
    }

    synchronized void clear() {
        posted.clear();
        updates.clear();
        privately.clear();
        askedWhy.clear();
        attached.clear();
    }
}
