package io.cloudsweep.bot.console;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.engine.chat.CommandInterpreter;
import io.cloudsweep.engine.chat.Reply;
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
 * The terminal as a chat channel: lines in, cards out as text. It acts as a local admin named {@code console};
 * {@code :as NAME ROLE} switches the acting person so multi-person flows (two admins, a viewer) can be tried
 * and scripted. A number presses the button printed with it. Cleanups run on the scheduler like anywhere else;
 * the console waits for them before reading on, printing their steps as they happen, so a script reads in
 * order. Ends at end of input or {@code :quit}.
 */
public final class ConsoleChat implements ChatListener {

    private static final Pattern AS = Pattern.compile("^:as\\s+(\\S+)\\s+(admin|member|viewer)\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(30);

    private final CommandInterpreter interpreter;
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
        this.interpreter = interpreter;
        this.organization = organization;
        this.in = in;
        this.cards = new TextCards(out);
        this.cleanupsRunning = cleanupsRunning;
        this.echo = echo;
    }

    @Override
    public void show(Card card) {
        cards.print(card);
    }

    /** Reads and answers lines until end of input or {@code :quit}. */
    public void run() throws InterruptedException {
        cards.println("CloudSweep console: type `help` for commands, a number to press a button, `:as NAME ROLE` to act as someone else, `:quit` to leave.");
        while (true) {
            String line = prompt();
            if (line == null || line.trim().equalsIgnoreCase(":quit") || line.trim().equalsIgnoreCase(":exit")) {
                cards.println(line == null ? "(end of input) bye" : "bye");
                return;
            }
            String text = line.trim();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            if (text.startsWith(":")) {
                switchActor(text);
                continue;
            }
            Optional<String> command = text.matches("\\d{1,6}") ? press(Integer.parseInt(text)) : Optional.of(text);
            if (command.isEmpty()) {
                continue;
            }
            Reply reply;
            try {
                reply = interpreter.handle(organization, actor, command.get(), this);
            } catch (RuntimeException e) {
                cards.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                continue;
            }
            reply.cards().forEach(cards::print);
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
            cards.println("Console commands: `:as NAME admin|member|viewer`, `:quit`.");
            return;
        }
        actor = new Actor(as.group(1), Role.fromId(as.group(2).toLowerCase(Locale.ROOT)));
        cards.println("now acting as " + actor.userId() + " (" + actor.role().id() + ")");
    }

    /** The command of button {@code number}, after its confirmation when it asks for one. */
    private Optional<String> press(int number) {
        Optional<Card.Button> button = cards.button(number);
        if (button.isEmpty()) {
            cards.println("There is no button [" + number + "].");
            return Optional.empty();
        }
        if (button.get().confirm().isPresent()) {
            cards.println(button.get().confirm().get() + " [y/N]");
            String answer = prompt();
            if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                cards.println("not confirmed; nothing done");
                return Optional.empty();
            }
        }
        cards.println("> " + button.get().command());
        return Optional.of(button.get().command());
    }

    private void awaitCleanups() throws InterruptedException {
        long deadline = System.nanoTime() + LONGEST_WAIT.toNanos();
        while (cleanupsRunning.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
