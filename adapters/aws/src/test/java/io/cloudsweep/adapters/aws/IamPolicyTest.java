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

    private static final Path POLICY = Path.of("..", "..", "manifests", "aws", "cloudsweep-scan-policy.json");

    @Test
    void scanPolicyGrantsExactlyTheDeclaredActions() throws IOException {
        JsonNode policy = new ObjectMapper().readTree(POLICY.toFile());
        Set<String> granted = new TreeSet<>();
        for (JsonNode statement : policy.get("Statement")) {
            assertThat(statement.get("Effect").asText()).isEqualTo("Allow");
            statement.get("Action").forEach(action -> granted.add(action.asText()));
        }

        assertThat(granted).isEqualTo(new TreeSet<>(Iam.SCAN_POLICY));
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

        assertThat(declared).isEqualTo(new TreeSet<>(Iam.SCAN_POLICY));
        assertThat(declared).allMatch(action -> action.matches("[a-z0-9]+:(Describe|Get|List)[A-Za-z]+"), "read-only");
    }
}
