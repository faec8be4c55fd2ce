package io.cloudsweep.bot.slack;

import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.bot.server.ServedJar;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cloudsweep.bot.server.ServedJar.eventually;
import static io.cloudsweep.bot.slack.SlackWire.actions;
import static io.cloudsweep.bot.slack.SlackWire.click;
import static io.cloudsweep.bot.slack.SlackWire.slashCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar's {@code serve} without {@code --demo}, Slack in front and a loopback AWS behind: a workspace admin
 * connects an account through a role (the workspace's ExternalId checked by STS), is told what is missing, gets the
 * first scan's cards, turns cleanups on, approves a volume (snapshot, then delete, on the fake) and undoes it.
 */
class SlackAwsIT {

    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String ROLE = "arn:aws:iam::" + DemoCloud.ACCOUNT.id() + ":role/CloudSweep";
    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";

    @TempDir
    Path dataDir;
    private FakeSlack slack;
    private FakeAws aws;
    private ServedJar server;
    private SlackWire wire;

    @BeforeEach
    void start() throws Exception {
        slack = new FakeSlack();
        aws = FakeAws.start(DemoCloud.at(Instant.now()), DemoCloud.ACCOUNT, Instant.now());
        server = ServedJar.start(dataDir, Map.of("SLACK_SIGNING_SECRET", SECRET, "SLACK_BOT_TOKEN", "xoxb-test-token",
                "SLACK_API_URL", slack.apiUrl().toString(), "CLOUDSWEEP_ADMINS", "U0ANA",
                "AWS_ENDPOINT_URL", aws.endpoint().toString(), "AWS_ACCESS_KEY_ID", "AKIAFAKESERVE", "AWS_SECRET_ACCESS_KEY", "fake-secret",
                "AWS_REGION", "us-east-1"), false);
        wire = new SlackWire(server.uri("/slack/events"));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        aws.close();
        slack.close();
    }

    private FakeSlack.Call posted(String containing) throws InterruptedException {
        return eventually(() -> slack.calls("chat.postMessage", call -> call.field("text").contains(containing)).stream().findFirst()
                .orElse(null), Duration.ofSeconds(60), () -> "posts: " + slack.calls("chat.postMessage") + "\nlog: " + server.log());
    }

    @Test
    void connectTestsTheRoleScansItAndAnApprovedVolumeIsSnapshottedDeletedAndUndone() throws Exception {
        wire.post(slashCommand("T0ACME", "U0ANA", "connect"), Instant.now(), SECRET);
        Matcher externalId = Pattern.compile("ExternalId: (cs-[0-9a-f]{32})").matcher(posted("ExternalId: cs-").field("text"));
        assertThat(externalId.find()).isTrue();
        aws.requireExternalId(ROLE, externalId.group(1)).deny("elasticloadbalancing:DescribeTargetHealth");

        wire.post(slashCommand("T0ACME", "U0ANA", "connect " + ROLE), Instant.now(), SECRET);

        String report = posted("Connected account").field("text");
        assertThat(report).contains("through " + ROLE, "missing elasticloadbalancing:DescribeTargetHealth: load balancers will not be judged");
        FakeSlack.Call volume = posted(VOLUME);
        assertThat(aws.calls("sts:AssumeRole")).isGreaterThanOrEqualTo(2);

        wire.post(slashCommand("T0ACME", "U0ANA", "policy set cleanup on " + DemoCloud.ACCOUNT.id()), Instant.now(), SECRET);
        posted("are now on");
        String approve = actions(volume).get(0).get("value").asText();
        wire.post(click("T0ACME", "U0ANA", volume.ts(), "approve", approve), Instant.now(), SECRET);
        eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(volume.ts()) && call.field("text").contains("cleaned (C-1)"))
                .isEmpty() ? null : true, Duration.ofSeconds(60), () -> "updates: " + slack.calls("chat.update") + "\nlog: " + server.log());
        assertThat(live(VOLUME)).isFalse();
        assertThat(live("snap-")).isTrue();

        wire.post(click("T0ACME", "U0ANA", volume.ts(), "undo", "undo C-1"), Instant.now(), SECRET);
        eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(volume.ts()) && call.field("text").contains("undone"))
                .isEmpty() ? null : true, Duration.ofSeconds(60), () -> "updates: " + slack.calls("chat.update"));
        assertThat(aws.live(Region.of("us-east-1")).stream().filter(r -> r.ref().type() == ResourceType.EBS_VOLUME).count())
                .as("the volume is back, restored from its snapshot")
                .isEqualTo(DemoCloud.at(Instant.now()).describe(DemoCloud.ACCOUNT, Region.of("us-east-1")).resources().stream()
                        .filter(r -> r.ref().type() == ResourceType.EBS_VOLUME).count());

        // a scheduled scan fires on the server's scheduler and posts in the channel where it was set, only what is new
        wire.post(slashCommand("T0ACME", "U0ANA", "schedule scan 0/3 * * * * ? Europe/Berlin"), Instant.now(), SECRET);
        posted("are scheduled 0/3 * * * * ? Europe/Berlin (Europe/Berlin)");
        FakeSlack.Call scheduled = posted("cloudsweep-schedule");
        eventually(() -> slack.calls("chat.update", call -> call.field("ts").equals(scheduled.ts()) && call.field("text").contains(" seen again"))
                .isEmpty() ? null : true, Duration.ofSeconds(60), () -> "updates: " + slack.calls("chat.update"));
        wire.post(slashCommand("T0ACME", "U0ANA", "schedule scan off"), Instant.now(), SECRET);
        posted("Scheduled scans are off.");
        assertThat(slack.calls("chat.postMessage", call -> call.field("thread_ts").equals(scheduled.ts())))
                .as("the findings of the first scan are not posted again").noneMatch(call -> call.field("text").contains("analytics-old"));
        assertThat(server.log()).doesNotContain("fake-secret", "xoxb-test-token", SECRET);

        // the logs are JSON lines, and the approving click's access line and its cleanup's line share one request_id
        String requestId = server.requestIdOf("cleanup C-1 of finding F-\\d+ ended done");
        assertThat(server.logEvents()).as("the click that asked for the cleanup, by its request_id " + requestId)
                .anyMatch(event -> event.path("request_id").asText().equals(requestId)
                        && event.path("message").asText().matches("POST /slack/events 200 in \\d+ ms"));

        // what an operator's Prometheus reads after all that: real values, and nothing secret or tenant-specific
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(server.uri("/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metric(metrics, "cloudsweep_scans_total\\{outcome=\"completed\"\\}")).isGreaterThanOrEqualTo(2);
        assertThat(metric(metrics, "cloudsweep_scan_resources_total")).isGreaterThan(0);
        assertThat(metric(metrics, "cloudsweep_open_findings\\{rule=\"ebs-unattached\"\\}")).isGreaterThan(0);
        assertThat(metric(metrics, "cloudsweep_open_waste_total_monthly_usd")).isGreaterThan(0);
        assertThat(metric(metrics, "cloudsweep_cleanups_total\\{dry_run=\"false\",outcome=\"done\"\\}")).isEqualTo(1);
        assertThat(metric(metrics, "cloudsweep_cleanup_success_ratio")).isEqualTo(1);
        assertThat(metric(metrics, "cloudsweep_realised_savings_monthly_usd")).as("undone: saving nothing now").isZero();
        assertThat(metric(metrics, "cloudsweep_aws_calls_total\\{api=\"DescribeVolumes\",outcome=\"ok\",service=\"EC2\"\\}")).isGreaterThan(0);
        assertThat(metric(metrics, "cloudsweep_chat_api_calls_total\\{chat=\"slack\",method=\"chat.postMessage\",outcome=\"ok\"\\}")).isGreaterThan(0);
        assertThat(metric(metrics, "cloudsweep_jobs_total\\{group=\"cleanups\",outcome=\"ok\"\\}")).isGreaterThan(0);
        assertThat(metric(metrics, "http_server_requests_seconds_count\\{method=\"POST\",route=\"/slack/events\",status=\"200\"\\}")).isGreaterThan(0);
        assertThat(metrics).contains("jvm_memory_used_bytes", "process_uptime_seconds", "cloudsweep_notification_outbox_backlog")
                .doesNotContain(SECRET, "xoxb-test-token", "fake-secret", "T0ACME", DemoCloud.ACCOUNT.id(), VOLUME);
    }

    /** The value of the series {@code name} (a regex of its name and labels) in Prometheus's text format. */
    private static double metric(String metrics, String name) {
        java.util.regex.Matcher value = java.util.regex.Pattern.compile("(?m)^" + name + " ([0-9.eE+-]+)$").matcher(metrics);
        assertThat(value.find()).as(name + " in\n" + metrics).isTrue();
        return Double.parseDouble(value.group(1));
    }

    private boolean live(String idPrefix) {
        return aws.live(Region.of("us-east-1")).stream().anyMatch(resource -> resource.ref().id().startsWith(idPrefix));
    }
}
