package io.cloudsweep.adapters.slack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;

/**
 * The Slack route's acknowledgements run before the server takes any request: without it, the first second of requests
 * on a new server waits for classes to load and methods to compile. It sends {@code /sweep help} commands, signed, read
 * by Bolt and answered at once, and button clicks naming no channel, read and refused as incomplete. Neither reaches the
 * work threads: nothing is claimed, stored or posted. With many workspaces, both stop where Bolt looks up the install
 * of their workspace, which has none (401).
 */
final class SlackWarmUp {

    /** The workspace the warm-up's requests name; nothing is done in it, so it need not exist. */
    static final String TEAM = "T0WARMUP";
    private static final int UNKNOWN_WORKSPACE = 401;

    private final Function<SlackBot.HttpRequest, SlackBot.HttpResponse> route;
    private final SlackRequests requests;
    private final boolean singleWorkspace;

    SlackWarmUp(Function<SlackBot.HttpRequest, SlackBot.HttpResponse> route, SlackRequests requests, boolean singleWorkspace) {
        this.route = route;
        this.requests = requests;
        this.singleWorkspace = singleWorkspace;
    }

    /**
     * Sends the requests to {@code path} for at most {@code budget}.
     *
     * @return how many it sent
     * @throws IllegalStateException when one is not answered as it should be (the path it warmed is not the one requests take)
     */
    int run(String path, Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        int ran = 0;
        while (System.nanoTime() < deadline) {
            String trigger = "warm-up." + ran;
            expect(requests.signed(path, "team_id=" + TEAM + "&channel_id=C0WARMUP&user_id=U0WARMUP&command=%2Fsweep&text=help"
                    + "&trigger_id=" + trigger), singleWorkspace ? 200 : UNKNOWN_WORKSPACE);
            expect(requests.signed(path, "payload=" + URLEncoder.encode("{\"type\":\"block_actions\",\"trigger_id\":\"" + trigger
                    + "\",\"team\":{\"id\":\"" + TEAM + "\"},\"user\":{\"id\":\"U0WARMUP\"},\"container\":{\"type\":\"message\"},"
                    + "\"actions\":[{\"type\":\"button\",\"action_id\":\"snooze-7d\",\"value\":\"snooze F-1 7d\"}]}", StandardCharsets.UTF_8)),
                    singleWorkspace ? SlackRequests.INCOMPLETE.getStatusCode() : UNKNOWN_WORKSPACE);
            ran += 2;
        }
        return ran;
    }

    private void expect(SlackBot.HttpRequest request, int status) {
        SlackBot.HttpResponse response = route.apply(request);
        if (response.status() != status) {
            throw new IllegalStateException("warming up the Slack route: answered " + response.status() + " rather than " + status + ": "
                    + response.body());
        }
    }
}
