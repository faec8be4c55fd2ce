package io.cloudsweep.adapters.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The scan policy in manifests/ grants exactly what the code declares it calls: no more, no less. */
class IamPolicyTest {

    private static final Path MANIFESTS = Path.of("..", "..", "manifests", "aws");

    static Set<String> granted(String file) throws IOException {
        JsonNode policy = new ObjectMapper().readTree(MANIFESTS.resolve(file).toFile());
        Set<String> granted = new TreeSet<>();
        for (JsonNode statement : policy.get("Statement")) {
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            statement.get("Action").forEach(action -> granted.add(action.asText()));
        }
        return granted;
    }

    @Test
    void scanPolicyGrantsExactlyTheDeclaredActions() throws IOException {
        assertThat(granted("cloudsweep-scan-policy.json")).isEqualTo(new TreeSet<>(Iam.SCAN_POLICY));
    }

    @Test
    void cleanupPolicyGrantsExactlyWhatTheCleanupPlansDeclare() throws IOException {
        assertThat(granted("cloudsweep-cleanup-policy.json")).isEqualTo(new TreeSet<>(Iam.CLEANUP_POLICY));
    }

    @Test
    void auditExportPolicyGrantsExactlyWhatTheExportCallsOnItsPrefixOnly() throws IOException {
        assertThat(granted("cloudsweep-audit-export-policy.json")).isEqualTo(new TreeSet<>(Iam.AUDIT_EXPORT_POLICY));
        JsonNode policy = new ObjectMapper().readTree(MANIFESTS.resolve("cloudsweep-audit-export-policy.json").toFile());
        policy.get("Statement").forEach(statement ->
                assertThat(statement.get("Resource").asText()).isEqualTo("arn:aws:s3:::YOUR_AUDIT_BUCKET/cloudsweep-audit/*"));
    }

    /** The actions of the policy document of the CloudFormation template's {@code resource}. */
    private static Set<String> cloudFormation(String resource) throws IOException {
        JsonNode template = new ObjectMapper().readTree(MANIFESTS.resolve("cloudsweep-role.json").toFile());
        Set<String> granted = new TreeSet<>();
        template.at("/Resources/" + resource + "/Properties/PolicyDocument/Statement").forEach(statement ->
                statement.get("Action").forEach(action -> granted.add(action.asText())));
        return granted;
    }

    /** The quoted actions of the Terraform module's {@code local} list. */
    private static Set<String> terraform(String local) throws IOException {
        String main = Files.readString(MANIFESTS.resolve("terraform/main.tf"));
        Matcher list = Pattern.compile(local + "\\s*=\\s*\\[([^\\]]*)\\]").matcher(main);
        assertThat(list.find()).as(local + " in main.tf").isTrue();
        Set<String> granted = new TreeSet<>();
        Matcher action = Pattern.compile("\"([^\"]+)\"").matcher(list.group(1));
        while (action.find()) {
            granted.add(action.group(1));
        }
        return granted;
    }

    @Test
    void theCloudFormationTemplateGrantsThePoliciesAndTrustsOnlyWithTheExternalId() throws IOException {
        assertThat(cloudFormation("ScanPolicy")).isEqualTo(new TreeSet<>(Iam.SCAN_POLICY));
        assertThat(cloudFormation("CleanupPolicy")).isEqualTo(new TreeSet<>(Iam.CLEANUP_POLICY));
        JsonNode template = new ObjectMapper().readTree(MANIFESTS.resolve("cloudsweep-role.json").toFile());
        assertThat(template.at("/Resources/CleanupPolicy/Condition").asText()).isEqualTo("CleanupEnabled");
        assertThat(template.at("/Parameters/EnableCleanup/Default").asText()).isEqualTo("false");
        JsonNode trust = template.at("/Resources/Role/Properties/AssumeRolePolicyDocument/Statement/0");
        assertThat(trust.at("/Principal/AWS/Ref").asText()).isEqualTo("CloudSweepPrincipal");
        assertThat(trust.at("/Condition/StringEquals/sts:ExternalId/Ref").asText()).isEqualTo("ExternalId");
        assertThat(trust.at("/Action").asText()).isEqualTo(Iam.STS_ASSUME_ROLE);
    }

    @Test
    void theTerraformModuleGrantsThePoliciesAndTrustsOnlyWithTheExternalId() throws IOException {
        assertThat(terraform("scan_actions")).isEqualTo(new TreeSet<>(Iam.SCAN_POLICY));
        assertThat(terraform("cleanup_actions")).isEqualTo(new TreeSet<>(Iam.CLEANUP_POLICY));
        String main = Files.readString(MANIFESTS.resolve("terraform/main.tf"));
        assertThat(main).contains("\"sts:ExternalId\" = var.external_id", "Principal = { AWS = var.cloudsweep_principal }",
                "count = var.enable_cleanup ? 1 : 0");
        assertThat(Files.readString(MANIFESTS.resolve("terraform/variables.tf")))
                .contains("variable \"external_id\"", "variable \"cloudsweep_principal\"", "variable \"enable_cleanup\"");
    }

    @Test
    void everyDeclaredActionIsInThePolicyOrNeedsNone() throws IllegalAccessException {
        Set<String> declared = new TreeSet<>();
        for (Field field : Iam.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                declared.add((String) field.get(null));
            }
        }
        declared.removeAll(Set.of(Iam.STS_GET_CALLER_IDENTITY, Iam.STS_ASSUME_ROLE));
        Set<String> policies = new TreeSet<>(Iam.SCAN_POLICY);
        policies.addAll(Iam.CLEANUP_POLICY);
        policies.addAll(Iam.AUDIT_EXPORT_POLICY);

        assertThat(declared).isEqualTo(policies);
        assertThat(Iam.SCAN_POLICY).allMatch(action -> action.matches("[a-z0-9]+:(Describe|Get|List)[A-Za-z]+"), "read-only");
    }
}
