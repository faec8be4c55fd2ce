package io.cloudsweep.bot.console;

import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.store.AuditLog;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Cards as plain text for a terminal, with every button numbered so it can be pressed by typing its number.
 * Numbers grow through the session, so a number printed earlier still means the same button. Thread-safe:
 * cleanup workers print from their own threads.
 */
final class TextCards {

    /** A printed button: what it does and the message it was printed with. */
    record Pressable(Card.Button button, String messageId) {
    }

    private final PrintWriter out;
    private final Map<Integer, Pressable> buttons = new TreeMap<>();
    private int nextButton = 1;
    private int nextMessage = 1;
    private String printing = "";

    TextCards(PrintWriter out) {
        this.out = out;
    }

    /** Prints {@code card} as a new message; returns the message's id. */
    synchronized String print(Card card) {
        printing = "t-" + nextMessage++;
        for (String line : render(card)) {
            out.println(line);
        }
        out.flush();
        return printing;
    }

    synchronized void println(String line) {
        out.println(line);
        out.flush();
    }

    /** The button printed with {@code number}, if any. */
    synchronized Optional<Pressable> button(int number) {
        return Optional.ofNullable(buttons.get(number));
    }

    private List<String> render(Card card) {
        List<String> lines = new ArrayList<>();
        if (card instanceof Card.Text text) {
            lines.addAll(List.of(text.text().split("\n", -1)));
        } else if (card instanceof Card.FindingCard finding) {
            lines.add("+ " + finding.label() + "  " + finding.title() + "  " + finding.monthlyCost() + ", " + finding.risk().id() + " risk");
            lines.add("| " + finding.location());
            lines.add("| " + finding.reason());
            if (!finding.facts().isEmpty()) {
                lines.add("| evidence: " + finding.facts().stream().map(fact -> fact.name() + "=" + fact.value()).collect(Collectors.joining(", ")));
            }
            lines.add("| status: " + finding.status());
            lines.add(finding.buttons().isEmpty() ? "+" : "+ " + numbered(finding.buttons()));
        } else if (card instanceof Card.ScanStarted started) {
            lines.add("scan started by " + started.startedBy() + "...");
        } else if (card instanceof Card.ShowMore more) {
            lines.add(more.remaining() + " more findings, cheaper than those above: " + numbered(List.of(more.button())));
        } else if (card instanceof Card.Question question) {
            lines.add(question.text() + " " + numbered(question.buttons()));
        } else if (card instanceof Card.ScanProgress progress) {
            lines.add("scanning: " + progress.regionsDone() + "/" + progress.regionsTotal() + " regions, " + progress.resourcesSeen()
                    + " resources, " + progress.findings() + " findings, " + progress.monthlyCost() + "/month so far");
        } else if (card instanceof Card.ScanSummary summary) {
            lines.add("Scan complete: " + summary.findings() + " findings, " + summary.monthlyCost() + "/month (" + summary.annualCost()
                    + "/year)" + (summary.unknownCost() > 0 ? ", " + summary.unknownCost() + " of unknown cost" : "") + "; " + summary.changes());
            summary.byRule().forEach(line -> lines.add(String.format("  %-18s %3d  %s/month", line.ruleId(), line.findings(), line.monthlyCost())));
            if (!summary.failedRegions().isEmpty()) {
                lines.add("  failed regions: " + String.join("; ", summary.failedRegions()));
            }
            if (!summary.buttons().isEmpty()) {
                lines.add("  " + numbered(summary.buttons()));
            }
        } else if (card instanceof Card.Alert alert) {
            lines.add("! " + alert.text() + (alert.mentions().isEmpty() ? "" : " (admins: " + String.join(", ", alert.mentions()) + ")"));
        } else if (card instanceof Card.Digest digest) {
            lines.add("== " + digest.title() + " ==");
            digest.lines().forEach(line -> lines.add("  " + line));
            digest.chart().ifPresent(chart -> lines.add("  chart (" + chart.png().length + " bytes PNG in Slack, Teams and email): " + chart.alt()));
        } else if (card instanceof Card.CleanupProgress progress) {
            lines.add("  " + progress.cleanupId() + " (" + progress.findingId() + ") " + progress.step());
        } else if (card instanceof Card.AuditTrail trail) {
            lines.add("Audit trail, last " + trail.entries().size() + " entries:");
            for (AuditLog.Entry entry : trail.entries()) {
                lines.add(String.format("  #%d %s %s %s %s %s", entry.id(), entry.at(), entry.actor(), entry.action(), entry.subject(),
                        new TreeMap<>(entry.details())));
            }
            lines.add(trail.breakFound()
                    .map(found -> "AUDIT CHAIN BROKEN at entry #" + found.entryId() + ": " + found.problem())
                    .orElse("audit chain verified: every entry's hash matches its content and the entry before it"));
        }
        return lines;
    }

    private String numbered(List<Card.Button> shown) {
        List<String> labels = new ArrayList<>();
        for (Card.Button button : shown) {
            buttons.put(nextButton, new Pressable(button, printing));
            labels.add("[" + nextButton++ + "] " + button.label());
        }
        return String.join("  ", labels);
    }
}
