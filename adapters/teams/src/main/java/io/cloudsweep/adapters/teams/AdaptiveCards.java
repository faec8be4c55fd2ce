package io.cloudsweep.adapters.teams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudsweep.engine.chat.ButtonCodec;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.Cards;

import java.util.Base64;


/**
 * CloudSweep's cards as Adaptive Cards 1.4 for Teams. Buttons are {@code Action.Execute} (Universal Actions) with
 * the verb {@code command} and the command, as the engine's {@link ButtonCodec} writes it, as data, so a press comes back as an {@code adaptiveCard/action}
 * invoke, runs through the interpreter as the presser, and the answer replaces the card for everyone who sees it.
 * Reject opens an inline reason field first.
 */
final class AdaptiveCards {

    static final String CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    static final String VERB = "command";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ButtonCodec codec;

    AdaptiveCards(ButtonCodec codec) {
        this.codec = codec;
    }

    /** The card's JSON. */
    ObjectNode card(Card card) {
        ObjectNode root = JSON.objectNode().put("type", "AdaptiveCard").put("version", "1.4")
                .put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        ArrayNode body = root.putArray("body");
        if (card instanceof Card.FindingCard finding) {
            finding(finding, body, root);
        } else if (card instanceof Card.ScanSummary summary) {
            body.add(text("Scan complete: " + summary.monthlyCost() + " a month of waste", "Large", true));
            body.add(text(text(summary), null, false));
            if (!summary.byRule().isEmpty()) {
                ObjectNode facts = body.addObject().put("type", "FactSet");
                ArrayNode list = facts.putArray("facts");
                summary.byRule().forEach(line -> list.addObject().put("title", line.ruleId())
                        .put("value", line.findings() + " · " + line.monthlyCost() + "/month"));
            }
            if (!summary.failedRegions().isEmpty()) {
                body.add(text("Failed regions: " + String.join("; ", summary.failedRegions()), null, false).put("color", "Warning"));
            }
            if (!summary.buttons().isEmpty()) {
                ArrayNode actions = root.putArray("actions");
                summary.buttons().forEach(button -> actions.add(action(button)));
            }
        } else if (card instanceof Card.ShowMore more) {
            body.add(text(more.remaining() + " more findings, cheaper than those above.", null, false));
            root.putArray("actions").add(action(more.button()));
        } else if (card instanceof Card.Alert alert) {
            body.add(text("⚠ " + alert.text(), null, true).put("color", "Attention"));
            if (!alert.mentions().isEmpty()) {
                // card-based mentions: Teams calls each person named by their AAD object id
                body.add(text("For " + String.join(", ", alert.mentions().stream().map(id -> "<at>" + id + "</at>").toList()), null, false));
                ArrayNode entities = root.putObject("msteams").putArray("entities");
                alert.mentions().forEach(id -> {
                    ObjectNode mention = entities.addObject().put("type", "mention").put("text", "<at>" + id + "</at>");
                    mention.putObject("mentioned").put("id", id).put("name", id);
                });
            }
        } else if (card instanceof Card.Digest digest) {
            body.add(text(digest.title(), "Large", true));
            digest.lines().forEach(line -> body.add(text(line, null, false).put("spacing", "Small")));
            // inline, so no image URL need be reachable from Teams; the chart is drawn small enough for Teams' message limit
            digest.chart().ifPresent(chart -> body.addObject().put("type", "Image").put("url", "data:image/png;base64,"
                    + Base64.getEncoder().encodeToString(chart.png())).put("altText", chart.alt()).put("size", "Stretch"));
        } else if (card instanceof Card.Question question) {
            body.add(text(question.text(), null, false));
            ArrayNode actions = root.putArray("actions");
            question.buttons().forEach(button -> actions.add(action(button)));
        } else {
            body.add(text(text(card), null, false));
        }
        return root;
    }

    private void finding(Card.FindingCard card, ArrayNode body, ObjectNode root) {
        body.add(text(card.label() + " · " + card.title(), "Medium", true));
        body.add(text("**" + card.monthlyCost() + "** · " + card.risk().id() + " risk · " + card.location(), null, false));
        body.add(text(card.reason(), null, false));
        if (!card.facts().isEmpty()) {
            ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
            card.facts().forEach(fact -> facts.addObject().put("title", fact.name()).put("value", fact.value()));
        }
        body.add(text("**Status:** " + card.status(), null, false).put("id", "status"));
        if (card.buttons().isEmpty()) {
            return;
        }
        ArrayNode actions = root.putArray("actions");
        for (Card.Button button : card.buttons()) {
            if (button.command() instanceof ChatCommand.Reject) {
                ObjectNode show = actions.addObject().put("type", "Action.ShowCard").put("title", button.label());
                ObjectNode inner = show.putObject("card").put("type", "AdaptiveCard").put("version", "1.4");
                inner.putArray("body").addObject().put("type", "Input.Text").put("id", "reason").put("placeholder", "Why? (optional)")
                        .put("maxLength", 500);
                inner.putArray("actions").add(execute("Reject", button.command(), Card.Button.Style.DANGER));
            } else {
                actions.add(action(button));
            }
        }
    }

    /** A button; one that asks for confirmation first opens the question with the button that does it. */
    private ObjectNode action(Card.Button button) {
        if (button.confirm().isEmpty()) {
            return execute(button.label(), button.command(), button.style());
        }
        ObjectNode show = JSON.objectNode().put("type", "Action.ShowCard").put("title", button.label());
        ObjectNode inner = show.putObject("card").put("type", "AdaptiveCard").put("version", "1.4");
        inner.putArray("body").add(text(button.confirm().get(), null, false));
        inner.putArray("actions").add(execute("Yes, " + button.label().substring(0, 1).toLowerCase(java.util.Locale.ROOT)
                + button.label().substring(1), button.command(), button.style()));
        return show;
    }

    private ObjectNode execute(String title, ChatCommand command, Card.Button.Style style) {
        ObjectNode action = JSON.objectNode().put("type", "Action.Execute").put("title", title).put("verb", VERB);
        action.putObject("data").put("command", codec.value(command));
        switch (style) {
            case PRIMARY -> action.put("style", "positive");
            case DANGER -> action.put("style", "destructive");
            default -> { }
        }
        return action;
    }

    private static ObjectNode text(String text, String size, boolean bold) {
        ObjectNode block = JSON.objectNode().put("type", "TextBlock").put("text", text).put("wrap", true);
        if (size != null) {
            block.put("size", size);
        }
        if (bold) {
            block.put("weight", "Bolder");
        }
        return block;
    }

    /** The card in plain text: a notification's summary. */
    static String text(Card card) {
        return Cards.summary(card);
    }
}
