package io.cloudsweep.bot.cli;

import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.storage.AuditExports;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.PostgresAuditLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code db export-audit} into the loopback fake's S3 bucket under Object Lock, and {@code db purge}, from the command line. */
class UpkeepCommandsTest {

    @TempDir
    Path dataDir;
    private FakeAws fake;
    private long organization;

    @BeforeEach
    void start() throws IOException {
        fake = FakeAws.start(DemoCloud.at(CliRun.NOW), DemoCloud.ACCOUNT, CliRun.NOW).bucket("acme-audit", true);
        System.setProperty("aws.accessKeyId", "AKIAFAKECLI");
        System.setProperty("aws.secretAccessKey", "fake-secret");
        try (Database database = Database.open(DatabaseSettings.embedded(dataDir))) {
            database.migrate();
            organization = new Organizations(database).console().id();
            PostgresAuditLog log = new PostgresAuditLog(database);
            for (int daysAgo : new int[]{3, 3, 2}) {
                log.append(new AuditLog.Event(Optional.of(organization), CliRun.NOW.minus(Duration.ofDays(daysAgo)), "U01", "finding.approved",
                        "finding/" + daysAgo, Map.of("risk", "low")));
            }
            log.append(new AuditLog.Event(Optional.of(organization), CliRun.NOW, "U01", "finding.approved", "finding/9", Map.of()));
        }
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        fake.close();
    }

    private Map<String, String> environment() {
        return Map.of("CLOUDSWEEP_AUDIT_BUCKET", "acme-audit", "AWS_ENDPOINT_URL", fake.endpoint().toString());
    }

    @Test
    void theWholeDaysGoToTheBucketOnceChainedAndARerunWritesNothing() {
        CliRun first = CliRun.withEnvironment(environment(), "db", "export-audit", "--data-dir", dataDir.toString());
        CliRun again = CliRun.withEnvironment(environment(), "db", "export-audit", "--data-dir", dataDir.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("2 objects (3 entries) exported to s3://acme-audit/cloudsweep-audit/\n");
        String day1 = "cloudsweep-audit/" + organization + "/2026/11/23.jsonl";
        String day2 = "cloudsweep-audit/" + organization + "/2026/11/24.jsonl";
        assertThat(fake.objects("acme-audit")).containsOnlyKeys(day1, day2);
        AuditExports.verify(fake.objects("acme-audit").get(day2), AuditExports.verify(fake.objects("acme-audit").get(day1), AuditExports.genesis()));
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("0 objects (0 entries) exported to s3://acme-audit/cloudsweep-audit/\n");
        assertThat(fake.calls("s3:PutObject")).isEqualTo(2);
    }

    @Test
    void withoutABucketOrWithABadOneItSaysWhatToSet() {
        CliRun none = CliRun.withEnvironment(Map.of(), "db", "export-audit", "--data-dir", dataDir.toString());
        CliRun badName = CliRun.withEnvironment(Map.of("CLOUDSWEEP_AUDIT_BUCKET", "Acme_Audit"), "db", "export-audit", "--data-dir", dataDir.toString());
        CliRun missing = CliRun.withEnvironment(Map.of("CLOUDSWEEP_AUDIT_BUCKET", "no-such-bucket", "AWS_ENDPOINT_URL", fake.endpoint().toString()),
                "db", "export-audit", "--data-dir", dataDir.toString());

        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).startsWith("cloudsweep: no audit bucket: set CLOUDSWEEP_AUDIT_BUCKET");
        assertThat(badName.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err()).contains("'Acme_Audit' is not an S3 bucket name");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(missing.err()).contains("organization " + organization).contains("NoSuchBucket");
    }

    @Test
    void purgeSaysWhatItForgotAndRefusesAPeriodThatIsNotOne() {
        CliRun purge = CliRun.withEnvironment(Map.of("CLOUDSWEEP_RETENTION_DAYS", "30"), "db", "purge", "--data-dir", dataDir.toString());
        CliRun bad = CliRun.withEnvironment(Map.of("CLOUDSWEEP_RETENTION_DAYS", "six months"), "db", "purge", "--data-dir", dataDir.toString());

        assertThat(purge.exitCode()).as(purge.err()).isZero();
        assertThat(purge.out()).isEqualTo("0 resolved findings deleted, 0 cleared of evidence and tags (resolved over 30 days ago)\n");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("cloudsweep: CLOUDSWEEP_RETENTION_DAYS=six months is not a number of days (1 or more; 180 when unset)\n");
    }
}
