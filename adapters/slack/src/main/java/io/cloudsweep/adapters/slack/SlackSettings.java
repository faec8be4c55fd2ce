package io.cloudsweep.adapters.slack;

import java.time.Duration;
import java.util.Objects;

/**
 * The Slack app's secrets, which workspaces it serves, and where the Web API is.
 *
 * @param apiUrl    the Web API base, such as {@code https://slack.com/api/}
 * @param postEvery how often a message may be posted in one channel
 */
public record SlackSettings(String signingSecret, Workspaces workspaces, String apiUrl, Duration postEvery) {

    public SlackSettings {
        Objects.requireNonNull(signingSecret, "signingSecret");
        Objects.requireNonNull(workspaces, "workspaces");
        apiUrl = apiUrl.endsWith("/") ? apiUrl : apiUrl + "/";
    }

    @Override
    public String toString() {
        return "SlackSettings[apiUrl=" + apiUrl + ", " + workspaces + "]";
    }

    /** One workspace with its bot token, or any number installed through OAuth. */
    public sealed interface Workspaces permits One, Many {
    }

    /** The single workspace whose bot token is given. */
    public record One(String botToken) implements Workspaces {
        public One {
            Objects.requireNonNull(botToken, "botToken");
        }

        @Override
        public String toString() {
            return "one workspace (token hidden)";
        }
    }

    /** Workspaces that install the app through OAuth ({@code /slack/install}); their tokens are kept by the install store. */
    public record Many(String clientId, String clientSecret) implements Workspaces {
        public Many {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
        }

        @Override
        public String toString() {
            return "OAuth installs for client " + clientId + " (secret hidden)";
        }
    }
}
