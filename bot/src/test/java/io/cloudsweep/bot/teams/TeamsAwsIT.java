package io.cloudsweep.bot.teams;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.bot.server.ServedJar;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Region;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cloudsweep.bot.server.ServedJar.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar's {@code serve} without {@code --demo}, Teams in front and a loopback AWS behind: the same loop as in
 * Slack, through activities and Adaptive Card presses: connect with the tenant's ExternalId, one missing permission
 * named, the first scan's cards, cleanups on, Approve deletes the volume after a snapshot, Undo brings it back.
 */
class TeamsAwsIT {

    private static final String APP_ID = "00000000-1111-2222-3333-444444444444";
    private static final String TENANT = "tenant-acme";
    private static final String ROLE = "arn:aws:iam::" + DemoCloud.ACCOUNT.id() + ":role/CloudSweep";
    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";

    @TempDir
    Path dataDir;
    private FakeTeams teams;
    private FakeAws aws;
    private TeamsWire wire;
    private ServedJar server;

    @BeforeEach
    void start() throws Exception {
        teams = new FakeTeams();
        aws = FakeAws.start(DemoCloud.at(Instant.now()), DemoCloud.ACCOUNT, Instant.now());
        wire = new TeamsWire(teams, APP_ID, "a:1ops-personal-chat");
        server = ServedJar.start(dataDir, Map.of("MICROSOFT_APP_ID", APP_ID, "MICROSOFT_APP_PASSWORD", "app-password",
                "MICROSOFT_APP_TENANT_ID", TENANT, "MICROSOFT_APP_AUTHORITY", teams.authority(),
                "BOT_OPENID_METADATA_URL", teams.base() + "/openid", "CLOUDSWEEP_ADMINS", "aad-ana",
                "AWS_ENDPOINT_URL", aws.endpoint().toString(), "AWS_ACCESS_KEY_ID", "AKIAFAKETEAMS", "AWS_SECRET_ACCESS_KEY", "fake-secret",
                "AWS_REGION", "us-east-1"), false);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        aws.close();
        teams.close();
    }

    private FakeTeams.Call posted(String containing) throws InterruptedException {
        return eventually(() -> teams.calls("POST", call -> call.body().contains(containing)).stream().findFirst().orElse(null),
                Duration.ofSeconds(60), () -> "connector calls: " + teams.connectorCalls() + "\nlog: " + server.log());
    }

    private HttpResponse<String> say(String id, String text) throws Exception {
        return wire.post(server.uri("/api/messages"), wire.message(id, TENANT, "aad-ana", "<at>CloudSweep</at> " + text), teams.token(APP_ID));
    }

    @Test
    void connectTestsTheRoleScansItAndAnApprovedVolumeIsSnapshottedDeletedAndUndone() throws Exception {
        assertThat(say("m-1", "connect").statusCode()).isEqualTo(202);
        Matcher externalId = Pattern.compile("ExternalId: (cs-[0-9a-f]{32})").matcher(posted("ExternalId: cs-").body());
        assertThat(externalId.find()).isTrue();
        aws.requireExternalId(ROLE, externalId.group(1)).deny("elasticloadbalancing:DescribeTargetHealth");

        say("m-2", "connect " + ROLE);

        assertThat(posted("Connected account").body()).contains("through " + ROLE,
                "missing elasticloadbalancing:DescribeTargetHealth: load balancers will not be judged");
        FakeTeams.Call volume = eventually(() -> teams.calls("POST", call -> call.body().contains(VOLUME) && call.body().contains("approve F-"))
                .stream().findFirst().orElse(null), Duration.ofSeconds(60), () -> "connector calls: " + teams.connectorCalls());
        JsonNode approve = volume.json().get("attachments").get(0).get("content").get("actions").get(0);

        say("m-3", "policy set cleanup on " + DemoCloud.ACCOUNT.id());
        posted("are now on");
        String bearer = teams.token(APP_ID);
        HttpResponse<String> pressed = wire.post(server.uri("/api/messages"), wire.invoke("i-1", TENANT, "aad-ana", volume.answeredId(),
                approve.get("data").get("command").asText()), bearer);
        assertThat(pressed.statusCode()).isEqualTo(200);
        eventually(() -> teams.calls("PUT", call -> call.path().endsWith("/activities/" + volume.answeredId()) && call.body().contains("cleaned (C-1)"))
                .stream().findFirst().orElse(null), Duration.ofSeconds(60), () -> "updates: " + teams.calls("PUT", call -> true));
        assertThat(live(VOLUME)).isFalse();
        assertThat(live("snap-")).isTrue();

        HttpResponse<String> undone = wire.post(server.uri("/api/messages"), wire.invoke("i-2", TENANT, "aad-ana", volume.answeredId(), "undo C-1"),
                teams.token(APP_ID));
        assertThat(undone.body()).containsPattern("C-1 (was )?undone: volume vol-");
        assertThat(aws.calls("ec2:CreateVolume")).as("dry runs of the connection test and policy set, then the restore").isGreaterThanOrEqualTo(3);
        assertThat(server.log()).doesNotContain("fake-secret", "app-password", bearer);
        assertThat(pressed.headers().firstValue("X-Request-Id")).as("the press's id, in its response and on its cleanup's log line")
                .contains(server.requestIdOf("cleanup C-1 of finding F-\\d+ ended done"));
    }

    private boolean live(String idPrefix) {
        return aws.live(Region.of("us-east-1")).stream().anyMatch(resource -> resource.ref().id().startsWith(idPrefix));
    }
}
