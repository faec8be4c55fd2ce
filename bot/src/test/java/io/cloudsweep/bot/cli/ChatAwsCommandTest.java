package io.cloudsweep.bot.cli;

import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.ResourceType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cloudsweep chat --data-dir DIR} without {@code --demo}: an account connected through a role on a loopback AWS
 * (AssumeRole with the organization's ExternalId checked), tested, scanned, cleaned up for real and undone, across
 * two sessions on the same database.
 */
class ChatAwsCommandTest {

    private static final String ROLE = "arn:aws:iam::" + DemoCloud.ACCOUNT.id() + ":role/CloudSweep";
    private static final String VOLUME = "vol-0e41b7c2d9a3f0101";

    @TempDir
    Path dataDir;
    private FakeAws fake;
    private Map<String, String> environment;

    @BeforeEach
    void start() throws IOException {
        fake = FakeAws.start(DemoCloud.at(CliRun.NOW), DemoCloud.ACCOUNT, CliRun.NOW);
        System.setProperty("aws.accessKeyId", "AKIAFAKECHAT");
        System.setProperty("aws.secretAccessKey", "fake-secret");
        environment = Map.of("AWS_ENDPOINT_URL", fake.endpoint().toString());
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        fake.close();
    }

    private boolean volumeIsThere() {
        return fake.live(Region.of("us-east-1")).stream()
                .anyMatch(resource -> resource.ref().type() == ResourceType.EBS_VOLUME && resource.ref().id().equals(VOLUME));
    }

    @Test
    void anAccountConnectedInTheChatIsTestedScannedCleanedUpAndUndone() {
        CliRun empty = CliRun.withInput(environment, "scan\n", "chat", "--data-dir", dataDir.toString());
        assertThat(empty.out()).contains("No AWS account is connected yet").contains("No AWS account is connected. `connect` tells how.");

        CliRun how = CliRun.withInput(environment, "connect\n", "chat", "--data-dir", dataDir.toString());
        Matcher externalId = Pattern.compile("ExternalId: (cs-[0-9a-f]{32})").matcher(how.out());
        assertThat(externalId.find()).as(how.out()).isTrue();
        assertThat(how.out()).contains("CloudSweep's principal: arn:aws:iam::" + DemoCloud.ACCOUNT.id() + ":user/tester");

        fake.requireExternalId(ROLE, externalId.group(1)).deny("elasticloadbalancing:DescribeTargetHealth").deny("ec2:DeleteVolume");
        CliRun first = CliRun.withInput(environment, """
                connect %s wrong-external-id
                connect %s
                policy set cleanup on %s
                accounts
                """.formatted(ROLE, ROLE, DemoCloud.ACCOUNT.id()), "chat", "--data-dir", dataDir.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("Not connected: AWS refused to let CloudSweep assume " + ROLE)
                .contains("Connected account " + DemoCloud.ACCOUNT.id() + " through " + ROLE)
                .contains("missing elasticloadbalancing:DescribeTargetHealth: load balancers will not be judged")
                .contains("missing ec2:DeleteVolume: unattached volumes cannot be deleted")
                .containsPattern("The test cost 40 AWS calls in \\d+\\.\\d s")
                .containsPattern("Scan complete: \\d+ findings")
                .contains("Cleanups stay off: account " + DemoCloud.ACCOUNT.id() + " lacks what cleanups need: ec2:DeleteVolume")
                .contains("cleanups off (dry run); last scan #1")
                .contains("missing elasticloadbalancing:DescribeTargetHealth");

        fake.allow("ec2:DeleteVolume");
        int snapshotsBefore = fake.calls("ec2:CreateSnapshot");
        CliRun second = CliRun.withInput(environment, """
                policy set cleanup on %s
                findings ebs-unattached
                """.formatted(DemoCloud.ACCOUNT.id()), "chat", "--data-dir", dataDir.toString());
        assertThat(second.out()).contains("Cleanups in account " + DemoCloud.ACCOUNT.id() + " are now on");
        Matcher finding = Pattern.compile("(F-\\d+)  delete the volume[^\\n]* " + VOLUME).matcher(second.out());
        assertThat(finding.find()).as(second.out()).isTrue();

        CliRun cleanup = CliRun.withInput(environment, "approve " + finding.group(1) + "\n", "chat", "--data-dir", dataDir.toString());
        assertThat(cleanup.out()).containsPattern("status: cleaned \\(C-1\\) after approval by console; backup snap-[0-9a-f]+");
        assertThat(fake.calls("ec2:CreateSnapshot") - snapshotsBefore).isEqualTo(2);
        // three dry runs (the connection test, the refused and the accepted `policy set cleanup on`), then the delete
        assertThat(fake.calls("ec2:DeleteVolume")).isEqualTo(4);
        assertThat(volumeIsThere()).isFalse();

        CliRun undo = CliRun.withInput(environment, "undo C-1\naudit 60\n", "chat", "--data-dir", dataDir.toString());
        assertThat(undo.out()).containsPattern("C-1 undone: volume vol-[0-9a-f]+ created from snap-[0-9a-f]+")
                .contains("account.refused", "account.connected", "policy.cleanup", "cleanup.rolled_back").contains("audit chain verified");
        // the three dry runs, then the volume that Undo created
        assertThat(fake.calls("ec2:CreateVolume")).isEqualTo(4);
        assertThat(volumeIsThere()).isFalse();
    }
}
