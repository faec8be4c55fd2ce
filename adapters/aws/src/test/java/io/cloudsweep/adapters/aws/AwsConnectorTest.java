package io.cloudsweep.adapters.aws;

import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.chat.AccountConnector;
import io.cloudsweep.engine.chat.AccountConnector.Permission;
import io.cloudsweep.engine.chat.AccountConnector.Probe;
import io.cloudsweep.engine.demo.DemoCloud;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection test against the loopback AWS: AssumeRole with the ExternalId, one call per action, denials named. */
class AwsConnectorTest {

    private static final String ROLE = "arn:aws:iam::" + DemoCloud.ACCOUNT.id() + ":role/CloudSweep";
    private static final String EXTERNAL_ID = "cs-0123456789abcdef0123456789abcdef";

    private FakeAws fake;
    private AwsConnector connector;

    @BeforeEach
    void start() throws IOException {
        fake = FakeAws.start(DemoCloud.at(Instant.now()), DemoCloud.ACCOUNT, Instant.now()).requireExternalId(ROLE, EXTERNAL_ID);
        connector = new AwsConnector(AwsOptions.defaults().withEndpoint(fake.endpoint()).withCredentials(AwsCloudTest.KEYS));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private static Set<String> actions(java.util.List<Permission> permissions, Permission.Status status) {
        return permissions.stream().filter(p -> p.status() == status).map(Permission::action).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void aRoleWithEveryPermissionIsReachedAndEachActionOfTheScanPolicyIsCalledOnce() {
        Probe probe = connector.probe(Optional.of(ROLE), Optional.of(EXTERNAL_ID));

        assertThat(probe).isInstanceOfSatisfying(Probe.Reached.class, reached -> {
            assertThat(reached.accountId()).isEqualTo(DemoCloud.ACCOUNT.id());
            Set<String> called = new TreeSet<>(Iam.SCAN_POLICY);
            called.remove(Iam.CE_GET_COST_AND_USAGE);
            assertThat(actions(reached.scan(), Permission.Status.GRANTED)).isEqualTo(called);
            assertThat(actions(reached.scan(), Permission.Status.UNCHECKED)).as("billed per call: not tried")
                    .containsExactly(Iam.CE_GET_COST_AND_USAGE);
            assertThat(reached.missingCleanup()).isEmpty();
            assertThat(actions(reached.cleanup(), Permission.Status.GRANTED)).contains("ec2:DeleteVolume", "ec2:CreateSnapshot", "ec2:RunInstances");
            assertThat(actions(reached.cleanup(), Permission.Status.UNCHECKED)).contains("rds:DeleteDBInstance",
                    "elasticloadbalancing:DeleteLoadBalancer").noneMatch(action -> action.startsWith("ec2:"));
            Set<String> cleanupOnly = new TreeSet<>(Iam.CLEANUP_POLICY);
            cleanupOnly.removeAll(Iam.SCAN_POLICY);
            assertThat(reached.cleanup()).extracting(Permission::action).containsExactlyInAnyOrderElementsOf(cleanupOnly);
            assertThat(reached.cost()).matches("\\d+ AWS calls in \\d+\\.\\d s");
        });
        assertThat(fake.calls("sts:AssumeRole")).isEqualTo(1);
        Iam.SCAN_POLICY.forEach(action -> assertThat(fake.calls(action)).as(action).isEqualTo(action.equals(Iam.CE_GET_COST_AND_USAGE) ? 0 : 1));
        assertThat(fake.calls("ec2:DeleteVolume")).isEqualTo(1);
        assertThat(fake.live(io.cloudsweep.engine.model.Region.of("us-east-1")))
                .hasSameSizeAs(DemoCloud.at(Instant.now()).describe(DemoCloud.ACCOUNT, io.cloudsweep.engine.model.Region.of("us-east-1")).resources());
    }

    @Test
    void aDeniedActionIsMissingWithWhatItMeans() {
        fake.deny("elasticloadbalancing:DescribeTargetHealth").deny("ec2:DeleteVolume");

        Probe.Reached reached = (Probe.Reached) connector.probe(Optional.of(ROLE), Optional.of(EXTERNAL_ID));

        assertThat(reached.missingScan()).singleElement().satisfies(permission -> {
            assertThat(permission.action()).isEqualTo("elasticloadbalancing:DescribeTargetHealth");
            assertThat(permission.meaning()).isEqualTo("load balancers will not be judged");
        });
        assertThat(reached.missingCleanup()).extracting(Permission::action).containsExactly("ec2:DeleteVolume");
    }

    @Test
    void aWrongExternalIdIsRefusedWithTheLikelyCauses() {
        Probe probe = connector.probe(Optional.of(ROLE), Optional.of("cs-not-this-one"));

        assertThat(probe).isInstanceOfSatisfying(Probe.Unreachable.class, unreachable -> assertThat(unreachable.cause())
                .contains("AWS refused to let CloudSweep assume " + ROLE, "trust policy", "'cs-not-this-one'", "no such role in account"));
        assertThat(fake.calls("ec2:DescribeVolumes")).isZero();
    }

    @Test
    void cloudSweepsOwnPrincipalIsWhatATrustPolicyNames() {
        assertThat(connector.principal()).contains(new AccountConnector.Principal(DemoCloud.ACCOUNT.id(),
                "arn:aws:iam::" + DemoCloud.ACCOUNT.id() + ":user/tester"));
        assertThat(AwsConnector.trustable("arn:aws:sts::111122223333:assumed-role/cloudsweep-task/i-0abc"))
                .isEqualTo("arn:aws:iam::111122223333:role/cloudsweep-task");
    }
}
