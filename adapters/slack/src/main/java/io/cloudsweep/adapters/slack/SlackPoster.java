package io.cloudsweep.adapters.slack;

import com.google.gson.Gson;
import com.slack.api.Slack;
import com.slack.api.methods.Methods;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.RequestFormBuilder;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.request.chat.ChatPostEphemeralRequest;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.response.chat.ChatPostEphemeralResponse;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.util.json.GsonFactory;
import okhttp3.FormBody;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.view.View;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.Pacer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Slack's Web API for CloudSweep's messages: posts paced per channel (one a second, Slack's guidance for
 * chat.postMessage), a 429 retried after its Retry-After, and an {@code ok:false} answer turned into an
 * exception naming Slack's error, never ignored. Thread-safe.
 */
final class SlackPoster {

    private static final int ATTEMPTS = 6;

    private final MethodsClient slack;
    /** The bot token the calls are made with; null for none. */
    private final String token;
    /**
     * Reads the answers to the messages CloudSweep posts and edits, the calls it makes most: the SDK makes a new Gson for
     * every answer, which learns the response's types afresh each time (a fifth of the CPU of a busy server's Slack work).
     */
    private final Gson answers;
    private final Pacer pacer;
    private final BlockKit blockKit;

    SlackPoster(Slack slack, Duration perChannel, BlockKit blockKit) {
        this(slack.methods(), null, GsonFactory.createSnakeCase(slack.getConfig()), new Pacer(perChannel), blockKit);
    }

    private SlackPoster(MethodsClient slack, String token, Gson answers, Pacer pacer, BlockKit blockKit) {
        this.slack = slack;
        this.token = token;
        this.answers = answers;
        this.pacer = pacer;
        this.blockKit = blockKit;
    }

    /** The same Web API and pacing, acting with another workspace's bot token ({@code workspace} being the SDK's client with it). */
    SlackPoster as(MethodsClient workspace, String token) {
        return new SlackPoster(workspace, token, answers, pacer, blockKit);
    }

    BlockKit blockKit() {
        return blockKit;
    }

    /** Posts {@code card} to {@code channel} (in the thread of {@code threadTs} when given); returns the message's ts. */
    String post(String channel, String threadTs, Card card) {
        pacer.await(channel);
        return call("chat.postMessage", () -> posted(Methods.CHAT_POST_MESSAGE, RequestFormBuilder.toForm(ChatPostMessageRequest.builder()
                .channel(channel).threadTs(threadTs).text(BlockKit.text(card)).blocks(blockKit.blocks(card)).build()),
                ChatPostMessageResponse.class)).getTs();
    }

    /** Uploads {@code content} as a file shared in the thread of {@code threadTs}. */
    void upload(String channel, String threadTs, String filename, String title, String content) {
        upload(channel, r -> r.channel(channel).threadTs(threadTs).filename(filename).title(title).content(content).requestFileInfo(false));
    }

    /** Uploads {@code image} as a PNG shared in the thread of {@code threadTs}, its words as the image's alt text. */
    void upload(String channel, String threadTs, Card.Image image) {
        upload(channel, r -> r.channel(channel).threadTs(threadTs).filename(image.filename()).title(image.filename())
                .fileData(image.png()).altTxt(limit(image.alt(), 1000)).requestFileInfo(false));
    }

    private void upload(String channel, com.slack.api.RequestConfigurator<com.slack.api.methods.request.files.FilesUploadV2Request.FilesUploadV2RequestBuilder> request) {
        pacer.await(channel);
        call("files.uploadV2", () -> {
            try {
                return slack.filesUploadV2(request);
            } catch (com.slack.api.methods.SlackFilesUploadV2Exception e) {
                throw new SlackException("files.uploadV2 failed: " + e.getMessage(), e);
            }
        });
    }

    private static String limit(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    void update(String channel, String ts, Card card) {
        call("chat.update", () -> posted(Methods.CHAT_UPDATE, RequestFormBuilder.toForm(ChatUpdateRequest.builder().channel(channel).ts(ts)
                .text(BlockKit.text(card)).blocks(blockKit.blocks(card)).build()), ChatUpdateResponse.class));
    }

    /** A message only {@code user} sees. */
    void ephemeral(String channel, String user, Card card) {
        call("chat.postEphemeral", () -> posted(Methods.CHAT_POST_EPHEMERAL, RequestFormBuilder.toForm(ChatPostEphemeralRequest.builder()
                .channel(channel).user(user).text(BlockKit.text(card)).blocks(blockKit.blocks(card)).build()), ChatPostEphemeralResponse.class));
    }

    /**
     * Calls {@code method} with {@code form} through the SDK's HTTP client, as the SDK's own method would, and reads the
     * answer with {@link #answers}: anything but 200 is a {@link SlackApiException}, as the SDK has it.
     */
    private <T extends SlackApiTextResponse> T posted(String method, FormBody.Builder form, Class<T> type) throws IOException, SlackApiException {
        try (okhttp3.Response response = slack.runPostFormWithToken(form, method, token)) {
            String body = response.body() == null ? "" : response.body().string();
            if (response.code() != 200) {
                throw new SlackApiException(response, body);
            }
            return answers.fromJson(body, type);
        }
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

    /** The user of id {@code user}, when Slack knows them as a person who is still a member (not deleted, not a bot). */
    Optional<String> person(String user) {
        try {
            var member = call("users.info", () -> slack.usersInfo(r -> r.user(user))).getUser();
            return member != null && !member.isDeleted() && !member.isBot() ? Optional.of(member.getId()) : Optional.empty();
        } catch (SlackException notFound) {
            return Optional.empty();
        }
    }

    /**
     * The people of the workspace whose user name, display name or real name is {@code name} (any case), read from
     * {@code users.list} a page at a time.
     */
    List<String> peopleNamed(String name) {
        List<String> found = new ArrayList<>();
        String cursor = null;
        do {
            String page = cursor;
            var response = call("users.list", () -> slack.usersList(r -> r.limit(200).cursor(page)));
            for (var member : response.getMembers()) {
                var profile = member.getProfile();
                boolean named = name.equalsIgnoreCase(member.getName()) || profile != null
                        && (name.equalsIgnoreCase(profile.getDisplayName()) || name.equalsIgnoreCase(profile.getRealName()));
                if (named && !member.isDeleted() && !member.isBot()) {
                    found.add(member.getId());
                }
            }
            cursor = response.getResponseMetadata() == null ? null : response.getResponseMetadata().getNextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return found;
    }

    interface Call<T extends SlackApiTextResponse> {
        T run() throws IOException, SlackApiException;
    }

    private <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                T response = call.run();
                counted(method, response.isOk() ? "ok" : "error");
                if (!response.isOk()) {
                    throw new SlackException(method + " failed: " + response.getError());
                }
                return response;
            } catch (SlackApiException e) {
                counted(method, e.getResponse().code() == 429 ? "429" : "error");
                if (e.getResponse().code() != 429 || attempt == ATTEMPTS) {
                    throw new SlackException(method + " failed: HTTP " + e.getResponse().code()
                            + (e.getError() == null ? "" : " " + e.getError().getError()), e);
                }
                String retryAfter = e.getResponse().header("Retry-After");
                Pacer.pause(Duration.ofSeconds(retryAfter == null ? attempt : Math.max(1, Long.parseLong(retryAfter.trim()))));
            } catch (IOException e) {
                counted(method, "unreachable");
                throw new UncheckedIOException(method + " could not reach Slack: " + e.getMessage(), e);
            }
        }
    }

    /** Counts a Web API call by method and outcome ({@code ok}, {@code error}, {@code 429}, {@code unreachable}). */
    private static void counted(String method, String outcome) {
        io.micrometer.core.instrument.Metrics.counter("cloudsweep_chat_api_calls", "chat", "slack", "method", method, "outcome", outcome)
                .increment();
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
