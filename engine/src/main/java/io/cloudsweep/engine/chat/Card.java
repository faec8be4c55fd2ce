package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.model.Fact;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.store.AuditLog;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What CloudSweep shows in a chat, whichever chat it is: Slack renders these as Block Kit, Teams as Adaptive
 * Cards, the console as text. Plain values; building them is pure ({@link Cards}).
 */
public sealed interface Card {

    /** A plain message. */
    record Text(String text) implements Card {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * One finding: what and where, why, what it costs, how risky cleaning it is, where it stands and the buttons
     * that apply now. {@code findingId} identifies the card, so an update replaces the one posted before.
     */
    record FindingCard(FindingId findingId, String ruleId, String title, String location, String reason, List<Fact> facts, String monthlyCost, Risk risk,
                       String status, List<Button> buttons) implements Card {
        public FindingCard {
            facts = List.copyOf(facts);
            buttons = List.copyOf(buttons);
        }

        public String label() {
            return findingId.toString();
        }

        /** Whether the card offers Approve now. */
        public boolean approvable() {
            return buttons.stream().anyMatch(button -> button.command() instanceof ChatCommand.Approve);
        }
    }

    /** A scan just asked for, by whom (a chat user id): the message its progress and then its summary replace. */
    record ScanStarted(String startedBy) implements Card {
    }

    /** A scan under way: updated in place as regions finish. */
    record ScanProgress(int regionsDone, int regionsTotal, int resourcesSeen, int findings, String monthlyCost) implements Card {
    }

    /** A scan's outcome: totals, the cost by rule, the regions that could not be read, and an Approve all N low-risk button per rule. */
    record ScanSummary(int findings, String monthlyCost, String annualCost, int unknownCost, List<Line> byRule, List<String> failedRegions,
                       String changes, List<Button> buttons) implements Card {
        public ScanSummary {
            byRule = List.copyOf(byRule);
            failedRegions = List.copyOf(failedRegions);
            buttons = List.copyOf(buttons);
        }

        /** One rule's share: how many findings and what they cost a month. */
        public record Line(String ruleId, int findings, String monthlyCost) {
        }
    }

    /** A step of a cleanup, as it happens. */
    record CleanupProgress(CleanupId cleanupId, FindingId findingId, String step) implements Card {
    }

    /** The end of a page of finding cards: how many more there are, and the button that shows the next page. */
    record ShowMore(int remaining, Button button) implements Card {
    }

    /** A question with the buttons that answer it, such as whether to disconnect an account. */
    record Question(String text, List<Button> buttons) implements Card {
        public Question {
            Objects.requireNonNull(text, "text");
            buttons = List.copyOf(buttons);
        }
    }

    /**
     * A digest's one message: its title, its figures a line each, and the chart of its trend (Slack uploads it with the
     * message, Teams shows it in the card, email inlines it). The costliest findings and what needs attention follow in
     * its thread.
     */
    record Digest(String title, List<String> lines, Optional<Image> chart) implements Card {
        public Digest {
            Objects.requireNonNull(title, "title");
            lines = List.copyOf(lines);
            Objects.requireNonNull(chart, "chart");
        }
    }

    /**
     * Something that needs people: a cleanup that failed, an approval waiting for a second admin, a notification target
     * disabled. {@code mentions} are chat user ids to call (the organization's admins); each chat calls them its own way.
     */
    record Alert(String text, List<String> mentions) implements Card {
        public Alert {
            Objects.requireNonNull(text, "text");
            mentions = List.copyOf(mentions);
        }
    }

    /** A PNG image, with the words that stand for it where it cannot be shown. */
    record Image(String filename, String alt, byte[] png) {
        public Image {
            Objects.requireNonNull(filename, "filename");
            Objects.requireNonNull(alt, "alt");
            png = png.clone();
        }

        @Override
        public byte[] png() {
            return png.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Image image && filename.equals(image.filename) && alt.equals(image.alt) && java.util.Arrays.equals(png, image.png);
        }

        @Override
        public int hashCode() {
            return Objects.hash(filename, alt, java.util.Arrays.hashCode(png));
        }

        @Override
        public String toString() {
            return "Image[" + filename + ", " + png.length + " bytes, " + alt + "]";
        }
    }

    /** The latest audit entries and whether the whole chain verifies. */
    record AuditTrail(List<AuditLog.Entry> entries, Optional<AuditLog.Break> breakFound) implements Card {
        public AuditTrail {
            entries = List.copyOf(entries);
        }
    }

    /**
     * A button: what it says and the command it stands for. Chats store the command in the button through
     * {@link ButtonCodec} (the terminal by its number) and run it through the same interpreter, checks included, so a
     * forged value can do no more than typing the command could.
     *
     * @param confirm a question to confirm before the command runs, for risky buttons
     */
    record Button(String label, ChatCommand command, Style style, Optional<String> confirm) {
        public enum Style { PRIMARY, DEFAULT, DANGER }

        public Button {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(style, "style");
            Objects.requireNonNull(confirm, "confirm");
        }

        public static Button of(String label, ChatCommand command, Style style) {
            return new Button(label, command, style, Optional.empty());
        }
    }
}
