package io.cloudsweep.adapters.aws;

import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.scan.InventoryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit export's S3 calls on the wire of the loopback fake: written once, never replaced, accepted under Object Lock. */
class S3AuditArchiveTest {

    private FakeAws fake;
    private S3AuditArchive archive;

    @BeforeEach
    void start() throws IOException {
        fake = FakeAws.start(DemoCloud.at(AwsCloudTest.NOW), DemoCloud.ACCOUNT, AwsCloudTest.NOW).bucket("audit-trail", true);
        archive = new S3AuditArchive(AwsOptions.defaults().withEndpoint(fake.endpoint()).withCredentials(AwsCloudTest.KEYS), "audit-trail",
                "cloudsweep-audit/");
    }

    @AfterEach
    void stop() {
        archive.close();
        fake.close();
    }

    @Test
    void anObjectIsWrittenOnceWithAChecksumAndNeverReplaced() {
        byte[] first = "{\"id\":1}\n{\"id\":2}\n".getBytes(StandardCharsets.UTF_8);

        assertThat(archive.writeOnce("7/2026/12/03.jsonl", first)).isTrue();
        assertThat(archive.writeOnce("7/2026/12/03.jsonl", "{\"id\":3}\n".getBytes(StandardCharsets.UTF_8))).as("there already").isFalse();

        assertThat(fake.objects("audit-trail")).containsOnlyKeys("cloudsweep-audit/7/2026/12/03.jsonl");
        assertThat(fake.objects("audit-trail").get("cloudsweep-audit/7/2026/12/03.jsonl")).isEqualTo(first);
        assertThat(archive.read("7/2026/12/03.jsonl")).hasValue(first);
        assertThat(archive.read("7/2026/12/04.jsonl")).isEmpty();
        assertThat(fake.calls("s3:PutObject")).isEqualTo(2);
        assertThat(fake.calls("s3:GetObject")).isEqualTo(2);
        assertThat(archive.describe()).isEqualTo("s3://audit-trail/cloudsweep-audit/");
    }

    @Test
    void aDeniedWriteNamesThePolicyThatGrantsIt() {
        fake.deny("s3:PutObject");

        assertThatThrownBy(() -> archive.writeOnce("7/2026/12/03.jsonl", new byte[]{'x'}))
                .isInstanceOf(InventoryException.class)
                .hasMessageContaining("access denied to s3:PutObject")
                .hasMessageContaining("manifests/aws/cloudsweep-audit-export-policy.json");
    }

    @Test
    void aMissingBucketIsSaid() {
        try (S3AuditArchive elsewhere = new S3AuditArchive(AwsOptions.defaults().withEndpoint(fake.endpoint()).withCredentials(AwsCloudTest.KEYS),
                "no-such-bucket", "")) {
            assertThatThrownBy(() -> elsewhere.writeOnce("x.jsonl", new byte[]{'x'})).hasMessageContaining("NoSuchBucket");
        }
    }

    @Test
    void aNameThatCannotBeABucketIsRefusedAtOnce() {
        assertThatThrownBy(() -> new S3AuditArchive(AwsOptions.defaults(), "Audit_Bucket", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an S3 bucket name");
    }
}
