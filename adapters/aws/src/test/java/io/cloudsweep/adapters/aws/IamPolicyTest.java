package io.cloudsweep.adapters.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
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

        assertThat(declared).isEqualTo(policies);
        assertThat(Iam.SCAN_POLICY).allMatch(action -> action.matches("[a-z0-9]+:(Describe|Get|List)[A-Za-z]+"), "read-only");
    }
}
