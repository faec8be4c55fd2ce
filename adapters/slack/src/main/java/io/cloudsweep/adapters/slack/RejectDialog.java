package io.cloudsweep.adapters.slack;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewClose;
import com.slack.api.model.view.ViewState;
import com.slack.api.model.view.ViewSubmit;
import com.slack.api.model.view.ViewTitle;
import io.cloudsweep.engine.chat.ChatCommand;
import io.cloudsweep.engine.chat.ConversationDriver;

import java.util.List;
import java.util.Optional;

import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;

/**
 * The dialog Reject opens to ask why. It carries, in its private metadata, the rejection's command (as the engine's
 * codec writes it) and where the pressed card is, so that its submission rejects that finding with the reason given
 * and updates that card. The submission is verified like every request, and the command it carries runs through the
 * interpreter's checks as the submitting user.
 */
final class RejectDialog {

    static final String CALLBACK_ID = "reject-reason";
    private static final String BLOCK = "reason";

    /** What a submitted dialog asks for: the command, the pressed card and the reason typed. */
    record Submitted(String command, String channel, ConversationDriver.Press press, Optional<String> reason) {
    }

    private RejectDialog() {
    }

    static View view(BlockKit blockKit, ChatCommand.Reject reject, String channel, ConversationDriver.Press on) {
        JsonObject metadata = new JsonObject();
        metadata.addProperty("command", blockKit.value(reject));
        metadata.addProperty("channel", channel);
        metadata.addProperty("message", on.messageId());
        on.thread().ifPresent(thread -> metadata.addProperty("thread", thread));
        return View.builder().type("modal").callbackId(CALLBACK_ID).privateMetadata(metadata.toString())
                .title(ViewTitle.builder().type("plain_text").text("Reject " + reject.findingId()).build())
                .submit(ViewSubmit.builder().type("plain_text").text("Reject").build())
                .close(ViewClose.builder().type("plain_text").text("Cancel").build())
                .blocks(List.of(
                        section(s -> s.text(markdownText("The resource will be left out of this rule's findings from now on."))),
                        input(i -> i.blockId(BLOCK).optional(true).label(plainText("Why? (optional)"))
                                .element(plainTextInput(p -> p.actionId(BLOCK).maxLength(ChatCommand.Reject.MAX_REASON))))))
                .build();
    }

    /** The submission of {@code view}; empty when its metadata is not the dialog's. */
    static Optional<Submitted> submitted(View view) {
        JsonObject metadata;
        try {
            metadata = JsonParser.parseString(Optional.ofNullable(view.getPrivateMetadata()).orElse("")).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            return Optional.empty();
        }
        if (!metadata.has("command") || !metadata.has("channel") || !metadata.has("message")) {
            return Optional.empty();
        }
        ConversationDriver.Press press = new ConversationDriver.Press(metadata.get("message").getAsString(),
                Optional.ofNullable(metadata.get("thread")).map(thread -> thread.getAsString()));
        Optional<String> reason = Optional.ofNullable(view.getState()).map(ViewState::getValues).map(values -> values.get(BLOCK))
                .map(block -> block.get(BLOCK)).map(ViewState.Value::getValue);
        return Optional.of(new Submitted(metadata.get("command").getAsString(), metadata.get("channel").getAsString(), press, reason));
    }
}
