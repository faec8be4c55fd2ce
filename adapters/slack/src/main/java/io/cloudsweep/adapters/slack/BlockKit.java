package io.cloudsweep.adapters.slack;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import io.cloudsweep.engine.chat.ButtonCodec;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.Cards;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.store.AuditLog;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;

/**
 * The engine's cards as Block Kit. A button's action id names what it does ({@code approve}, {@code snooze-30d},
 * {@code show-more}); its value is the command it stands for, written by the engine's {@link ButtonCodec}, which
 * the click handler decodes and runs through the interpreter with every check, so a forged value can do no more
 * than typing it. Pure and thread-safe.
 */
final class BlockKit {

    /** Slack's limit on a section's text. */
    private static final int SECTION_TEXT = 3000;

    private final ButtonCodec codec;

    BlockKit(ButtonCodec codec) {
        this.codec = codec;
    }

    /** The value a button stores for {@code command}. */
    String value(ChatCommand command) {
        return codec.value(command);
    }

    /** The blocks of {@code card}. */
    List<LayoutBlock> blocks(Card card) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (card instanceof Card.Text text) {
            for (String chunk : chunks(text.text())) {
                blocks.add(section(s -> s.text(markdownText(chunk))));
            }
        } else if (card instanceof Card.FindingCard finding) {
            blocks.addAll(finding(finding));
        } else if (card instanceof Card.ScanStarted || card instanceof Card.ScanProgress) {
            blocks.add(section(s -> s.text(markdownText(":hourglass_flowing_sand: " + text(card)))));
        } else if (card instanceof Card.ShowMore more) {
            blocks.add(section(s -> s.text(markdownText(more.remaining() + " more findings, cheaper than those above."))));
            blocks.add(actions(a -> a.blockId("show-more").elements(List.of(button(more.button())))));
        } else if (card instanceof Card.Question question) {
            blocks.add(section(s -> s.text(markdownText(question.text()))));
            blocks.add(actions(a -> a.blockId("question").elements(question.buttons().stream().<BlockElement>map(this::button).toList())));
        } else if (card instanceof Card.ScanSummary summary) {
            blocks.add(header(h -> h.text(plainText("Scan complete: " + summary.monthlyCost() + " a month of waste"))));
            blocks.add(section(s -> s.text(markdownText(text(summary)))));
            if (!summary.byRule().isEmpty()) {
                blocks.add(section(s -> s.text(markdownText(summary.byRule().stream()
                        .map(line -> "`" + line.ruleId() + "` " + line.findings() + " · " + line.monthlyCost() + "/month")
                        .collect(Collectors.joining("\n"))))));
            }
            if (!summary.failedRegions().isEmpty()) {
                blocks.add(context(c -> c.elements(List.of(markdownText(limit(":warning: failed regions: "
                        + String.join("; ", summary.failedRegions()), SECTION_TEXT))))));
            }
            if (!summary.buttons().isEmpty()) {
                List<BlockElement> buttons = new ArrayList<>();
                summary.buttons().stream().limit(25).forEach(b -> buttons.add(button(b)));
                blocks.add(actions(a -> a.blockId("approve-low").elements(buttons)));
            }
        } else if (card instanceof Card.Alert alert) {
            blocks.add(section(s -> s.text(markdownText(limit(text(alert), SECTION_TEXT)))));
        } else if (card instanceof Card.Digest digest) {
            blocks.add(header(h -> h.text(plainText(limit(digest.title(), 150)))));
            blocks.add(section(s -> s.text(markdownText(limit(escape(String.join("\n", digest.lines())), SECTION_TEXT)))));
            digest.chart().ifPresent(chart -> blocks.add(context(c -> c.elements(List.of(markdownText(limit(":chart_with_upwards_trend: "
                    + escape(chart.alt()) + " The chart is in the thread.", SECTION_TEXT)))))));
        } else if (card instanceof Card.CleanupProgress progress) {
            blocks.add(context(c -> c.elements(List.of(markdownText(text(progress))))));
        } else if (card instanceof Card.AuditTrail trail) {
            for (String chunk : chunks(text(trail))) {
                blocks.add(section(s -> s.text(markdownText(chunk))));
            }
        }
        return blocks;
    }

    private List<LayoutBlock> finding(Card.FindingCard card) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String blockId = "finding-" + card.findingId().value();
        blocks.add(section(s -> s.blockId(blockId).text(markdownText(limit("*" + card.label() + "* · " + escape(card.title()) + "\n*"
                + card.monthlyCost() + "* · " + card.risk().id() + " risk · " + escape(card.location()) + "\n" + escape(card.reason()),
                SECTION_TEXT)))));
        if (!card.facts().isEmpty()) {
            blocks.add(context(c -> c.elements(List.of(markdownText(limit(card.facts().stream()
                    .map(fact -> fact.name() + ": " + escape(fact.value())).collect(Collectors.joining(" · ")), SECTION_TEXT))))));
        }
        blocks.add(section(s -> s.text(markdownText(limit("*Status:* " + escape(card.status()), SECTION_TEXT)))));
        if (!card.buttons().isEmpty()) {
            List<BlockElement> buttons = new ArrayList<>();
            card.buttons().forEach(b -> buttons.add(button(b)));
            blocks.add(actions(a -> a.blockId("actions-" + card.findingId().value()).elements(buttons)));
        }
        return blocks;
    }

    private ButtonElement button(Card.Button button) {
        return ButtonElement.builder()
                .actionId(ButtonCodec.name(button.command()))
                .text(plainText(button.label()))
                .value(codec.value(button.command()))
                .style(switch (button.style()) {
                    case PRIMARY -> "primary";
                    case DANGER -> "danger";
                    case DEFAULT -> null;
                })
                .confirm(button.confirm().map(question -> confirmationDialog(c -> c.title(plainText("Are you sure?"))
                        .text(plainText(limit(question, 300))).confirm(plainText(button.label())).deny(plainText("Cancel")))).orElse(null))
                .build();
    }

    /** The text a notification shows, and the fallback of a message's blocks; the audit trail in Slack's markdown. */
    static String text(Card card) {
        if (card instanceof Card.AuditTrail trail) {
            StringBuilder text = new StringBuilder("*Audit trail*, last " + trail.entries().size() + " entries:\n```");
            for (AuditLog.Entry entry : trail.entries()) {
                text.append("#").append(entry.id()).append(' ').append(entry.at()).append(' ').append(entry.actor()).append(' ')
                        .append(entry.action()).append(' ').append(entry.subject()).append('\n');
            }
            text.append("```\n").append(trail.breakFound().map(found -> ":rotating_light: audit chain broken at entry #" + found.entryId()
                    + ": " + found.problem()).orElse(":white_check_mark: audit chain verified"));
            return text.toString();
        }
        if (card instanceof Card.ScanStarted started) {
            return "Scan started by <@" + started.startedBy() + ">...";
        }
        if (card instanceof Card.Alert alert) {
            // Slack calls a user by <@id>; ids are [UW] and alphanumerics, so nothing else can be slipped into the mention
            return alert.mentions().stream().filter(id -> id.matches("[UW][A-Z0-9]{1,20}")).map(id -> "<@" + id + "> ")
                    .collect(Collectors.joining()) + ":warning: " + escape(alert.text());
        }
        return Cards.summary(card);
    }

    /** Slack's three characters that must be escaped in text. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static List<String> chunks(String text) {
        List<String> chunks = new ArrayList<>();
        for (int start = 0; start < Math.max(1, text.length()); start += SECTION_TEXT) {
            chunks.add(text.isEmpty() ? " " : text.substring(start, Math.min(text.length(), start + SECTION_TEXT)));
        }
        return chunks;
    }
}
