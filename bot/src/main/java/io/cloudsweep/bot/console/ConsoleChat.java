package io.cloudsweep.bot.console;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.ButtonCodec;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.CommandParser;
import io.cloudsweep.engine.chat.CardTracking;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.engine.chat.ChatPort;
import io.cloudsweep.engine.chat.CommandInterpreter;
import io.cloudsweep.engine.chat.ConversationDriver;
import io.cloudsweep.engine.store.Organization;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The terminal as a chat channel: lines in, cards out as text, through the engine's {@link ConversationDriver} like
 * Slack and Teams (so it pages finding cards with a Show more button too). It acts as a local admin named
 * {@code console}; {@code :as NAME ROLE} switches the acting person so multi-person flows (two admins, a viewer) can
 * be tried and scripted. A number presses the button printed with it (after its question, for a risky one; Reject
 * asks why). Cleanups run on the scheduler like anywhere else;
 * the console waits for them before reading on, printing their steps as they happen, so a script reads in
 * order. Ends at end of input or {@code :quit}.
 */
public final class ConsoleChat implements ChatListener {

    private static final Pattern AS = Pattern.compile("^:as\\s+(\\S+)\\s+(admin|member|viewer)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(30);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    private static final Pattern NAME = Pattern.compile("@?([\\p{L}\\p{N}._-]{1,64})");

    private final ConversationDriver driver;
    private final ButtonCodec codec;
    private final Organization organization;
    private final BufferedReader in;
    private final TextCards cards;
    private final BooleanSupplier cleanupsRunning;
    private final boolean echo;
    private Actor actor = new Actor("console", Role.ADMIN);

    /**
     * @param cleanupsRunning whether any cleanup is still under way, to wait for before the next line
     * @param echo            print each line read after the prompt, for input that is not typed (a script)
     */
    public ConsoleChat(CommandInterpreter interpreter, Organization organization, BufferedReader in, PrintWriter out,
                       BooleanSupplier cleanupsRunning, boolean echo) {
        this.driver = new ConversationDriver(interpreter, CardTracking.NONE, PROGRESS_EVERY);
        this.codec = driver.codec();
        this.organization = organization;
        this.in = in;
        this.cards = new TextCards(out);
        this.cleanupsRunning = cleanupsRunning;
        this.echo = echo;
    }

    /** Prints what the cleanup workers report, as they report it. */
    @Override
    public void show(Card card) {
        cards.print(card);
    }

    /** Reads and answers lines until end of input or {@code :quit}; whether {@code :quit} (or {@code :exit}) ended it. */
    public boolean run() throws InterruptedException {
        cards.println("CloudSweep console: type `help` for commands, a number to press a button, `:as NAME ROLE` to act as someone else, `:quit` to leave.");
        while (true) {
            String line = prompt();
            if (line == null || line.trim().equalsIgnoreCase(":quit") || line.trim().equalsIgnoreCase(":exit")) {
                cards.println(line == null ? "(end of input) bye" : "bye");
                return line != null;
            }
            String text = line.trim();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (text.startsWith(":")) {
                switchActor(text);
                continue;
            }
            try {
                if (text.matches("\\d{1,6}")) {
                    press(Integer.parseInt(text));
                } else {
                    driver.typed(new Terminal(), organization, actor, text);
                }
            } catch (RuntimeException e) {
                cards.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                continue;
            }
            awaitCleanups();
        }
    }

    private String prompt() {
        try {
            cards.print(new Card.Text(""));
            String line = in.readLine();
            if (line != null && echo) {
                cards.println(actor.userId() + " (" + actor.role().id() + ")> " + line);
            }
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void switchActor(String text) {
        Matcher as = AS.matcher(text);
        if (!as.matches()) {
            cards.println(asMistake(text) + " Console commands: `:as NAME admin|member|viewer`, `:quit`.");
            return;
        }
        actor = new Actor(as.group(1), Role.fromId(as.group(2).toLowerCase(Locale.ROOT)));
        cards.println("now acting as " + actor.userId() + " (" + actor.role().id() + ")");
    }

    /** What is wrong with a console command that is not {@code :as NAME ROLE}. */
    static String asMistake(String text) {
        String[] words = text.trim().split("\\s+");
        if (!words[0].equalsIgnoreCase(":as")) {
            return "'" + CommandParser.shortened(words[0]) + "' is not a console command.";
        }
        if (words.length < 3) {
            return "`:as` needs a name and a role, e.g. `:as ana admin`.";
        }
        if (words.length > 3) {
            return "`:as` takes a name and a role, nothing more (a name has no spaces).";
        }
        return "'" + CommandParser.shortened(words[2]) + "' is not a role: admin, member or viewer.";
    }

    /** Presses button {@code number}, after its confirmation when it asks for one. */
    private void press(int number) {
        Optional<TextCards.Pressable> pressable = cards.button(number);
        if (pressable.isEmpty()) {
            cards.println("There is no button [" + number + "].");
            return;
        }
        Card.Button button = pressable.get().button();
        if (button.confirm().isPresent()) {
            cards.println(button.confirm().get() + " [y/N]");
            String answer = prompt();
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                cards.println("not confirmed; nothing done");
                return;
            }
        }
        cards.println("> " + codec.value(button.command()));
        driver.pressed(new Terminal(), organization, actor, button.command(), new ConversationDriver.Press(pressable.get().messageId(), Optional.empty()));
    }

    /** The terminal as the driver's chat: every card printed, a reason asked at the prompt, anyone named as typed. */
    private final class Terminal implements ChatPort {

        @Override
        public String conversation() {
            return "terminal";
        }

        @Override
        public String post(Optional<String> thread, Card card) {
            return cards.print(card);
        }

        @Override
        public void update(String messageId, Card card) {
            cards.print(card);
        }

        @Override
        public void privately(Card card) {
            cards.print(card);
        }

        /** The terminal is one person's. */
        @Override
        public boolean confides() {
            return true;
        }

        @Override
        public boolean askReason(ChatCommand.Reject reject, Optional<ConversationDriver.Press> on) {
            cards.println("Why reject " + reject.findingId() + "? (optional; press Enter for no reason)");
            String reason = prompt();
            driver.pressed(this, organization, actor, reject.because(Optional.ofNullable(reason)),
                    on.orElse(new ConversationDriver.Press("terminal", Optional.empty())));
            return true;
        }

        /** A file is not printed in the terminal: the cards carry every finding ({@code findings} lists them again). */
        @Override
        public void attach(Optional<String> thread, String filename, String title, String content) {
        }

        @Override
        public Optional<String> user(String mention) {
            Matcher name = NAME.matcher(mention);
            return name.matches() ? Optional.of(name.group(1)) : Optional.empty();
        }
    }

    private void awaitCleanups() throws InterruptedException {
        long deadline = System.nanoTime() + LONGEST_WAIT.toNanos();
        while (cleanupsRunning.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
