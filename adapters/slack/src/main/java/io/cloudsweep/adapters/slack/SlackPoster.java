package io.cloudsweep.adapters.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.Pacer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * Slack's Web API for CloudSweep's messages: posts paced per channel (one a second, Slack's guidance for
 * chat.postMessage), a 429 retried after its Retry-After, and an {@code ok:false} answer turned into an
 * exception naming Slack's error, never ignored. Thread-safe.
 */
final class SlackPoster {

    private static final int ATTEMPTS = 6;

    private final MethodsClient slack;
    private final Pacer pacer;

    SlackPoster(MethodsClient slack, Duration perChannel) {
        this(slack, new Pacer(perChannel));
    }

    private SlackPoster(MethodsClient slack, Pacer pacer) {
        this.slack = slack;
        this.pacer = pacer;
    }

    /** The same Web API and pacing, acting with another workspace's token. */
    SlackPoster as(MethodsClient workspace) {
        return new SlackPoster(workspace, pacer);
    }

    /** Posts {@code card} to {@code channel} (in the thread of {@code threadTs} when given); returns the message's ts. */
    String post(String channel, String threadTs, Card card) {
        pacer.await(channel);
        return call("chat.postMessage", () -> slack.chatPostMessage(r -> r.channel(channel).threadTs(threadTs)
                .text(BlockKit.text(card)).blocks(BlockKit.blocks(card)))).getTs();
    }

    /** Posts blocks CloudSweep's cards do not cover (a Show more button); returns the message's ts. */
    String post(String channel, String threadTs, String text, List<LayoutBlock> blocks) {
        pacer.await(channel);
        return call("chat.postMessage", () -> slack.chatPostMessage(r -> r.channel(channel).threadTs(threadTs).text(text).blocks(blocks))).getTs();
    }

    /** Uploads {@code content} as a file shared in the thread of {@code threadTs}. */
    void upload(String channel, String threadTs, String filename, String title, String content) {
        call("files.uploadV2", () -> {
            try {
                return slack.filesUploadV2(r -> r.channel(channel).threadTs(threadTs).filename(filename).title(title).content(content)
                        .requestFileInfo(false));
            } catch (com.slack.api.methods.SlackFilesUploadV2Exception e) {
                throw new SlackException("files.uploadV2 failed: " + e.getMessage(), e);
            }
        });
    }

    void update(String channel, String ts, String text, List<LayoutBlock> blocks) {
        call("chat.update", () -> slack.chatUpdate(r -> r.channel(channel).ts(ts).text(text).blocks(blocks)));
    }

    void update(String channel, String ts, Card card) {
        call("chat.update", () -> slack.chatUpdate(r -> r.channel(channel).ts(ts).text(BlockKit.text(card)).blocks(BlockKit.blocks(card))));
    }

    /** A message only {@code user} sees. */
    void ephemeral(String channel, String user, Card card) {
        call("chat.postEphemeral", () -> slack.chatPostEphemeral(r -> r.channel(channel).user(user).text(BlockKit.text(card))
                .blocks(BlockKit.blocks(card))));
    }

    void publishHome(String user, List<LayoutBlock> blocks) {
        call("views.publish", () -> slack.viewsPublish(r -> r.userId(user).view(View.builder().type("home").blocks(blocks).build())));
    }

    void openModal(String triggerId, View view) {
        call("views.open", () -> slack.viewsOpen(r -> r.triggerId(triggerId).view(view)));
    }

    /** Whether Slack says the user owns or administers the workspace. */
    boolean isWorkspaceAdmin(String user) {
        var member = call("users.info", () -> slack.usersInfo(r -> r.user(user))).getUser();
        return member != null && (member.isAdmin() || member.isOwner() || member.isPrimaryOwner());
    }

    interface Call<T extends SlackApiTextResponse> {
        T run() throws IOException, SlackApiException;
    }

    private <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                T response = call.run();
                if (!response.isOk()) {
                    throw new SlackException(method + " failed: " + response.getError());
                }
                return response;
            } catch (SlackApiException e) {
                if (e.getResponse().code() != 429 || attempt == ATTEMPTS) {
                    throw new SlackException(method + " failed: HTTP " + e.getResponse().code()
                            + (e.getError() == null ? "" : " " + e.getError().getError()), e);
                }
                String retryAfter = e.getResponse().header("Retry-After");
                Pacer.pause(Duration.ofSeconds(retryAfter == null ? attempt : Math.max(1, Long.parseLong(retryAfter.trim()))));
            } catch (IOException e) {
                throw new UncheckedIOException(method + " could not reach Slack: " + e.getMessage(), e);
            }
        }
    }

    /** A Slack call that failed, with Slack's reason. */
    static final class SlackException extends RuntimeException {
        SlackException(String message) {
            super(message);
        }

        SlackException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
