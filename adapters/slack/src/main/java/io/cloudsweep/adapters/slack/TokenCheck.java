package io.cloudsweep.adapters.slack;

import com.slack.api.Slack;

/** The bot token of a single-workspace install, checked at start. */
final class TokenCheck {

    private TokenCheck() {
    }

    /**
     * Asks Slack's {@code auth.test} about the bot token, so that a Slack that cannot be reached and a token it refuses
     * are told apart at start.
     *
     * @throws IllegalArgumentException when Slack refuses the token
     * @throws IllegalStateException when Slack cannot be reached
     */
    static void check(Slack slack, String apiUrl, String token) {
        com.slack.api.methods.response.auth.AuthTestResponse answer;
        try {
            answer = slack.methods(token).authTest(request -> request);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot reach Slack at " + apiUrl + " (" + e.getMessage() + "); the bot token was not checked", e);
        } catch (com.slack.api.methods.SlackApiException e) {
            throw new IllegalStateException("Slack at " + apiUrl + " answered HTTP " + e.getResponse().code() + " to auth.test", e);
        }
        if (!answer.isOk()) {
            throw new IllegalArgumentException("Slack refused SLACK_BOT_TOKEN (" + answer.getError() + "): check the bot token of the app's"
                    + " OAuth & Permissions page");
        }
    }

}
