package io.cloudsweep.engine.approval;

import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.model.Tags;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RiskPolicyTest {

    private final RiskPolicy policy = new RiskPolicy(RiskPolicy.Parameters.defaults());

    @ParameterizedTest
    @CsvSource({
            "release_address, low", "delete_snapshot, low", "modify_volume_type, low",
            "delete_volume, medium", "delete_load_balancer, medium", "stop_instance, medium",
            "terminate_instance, high", "stop_db_instance, high", "delete_db_instance, high"})
    void gradesEachActionByDefault(String action, String risk) {
        assertThat(policy.riskOf(Action.fromId(action), Tags.NONE)).isEqualTo(Risk.fromId(risk));
    }

    @ParameterizedTest
    @CsvSource({"env, prod", "Environment, Production", "ENV, PROD", "environment, ' prod '"})
    void anythingTaggedProductionIsHighRisk(String key, String value) {
        assertThat(policy.riskOf(Action.RELEASE_ADDRESS, Tags.of(key, value))).isEqualTo(Risk.HIGH);
    }

    @ParameterizedTest
    @CsvSource({"env, staging", "team, prod", "environment, preprod"})
    void otherTagsLeaveTheRiskAlone(String key, String value) {
        assertThat(policy.riskOf(Action.RELEASE_ADDRESS, Tags.of(key, value))).isEqualTo(Risk.LOW);
    }
}
