package io.cloudsweep.engine.config;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.Risk;
import io.cloudsweep.engine.model.Tags;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void aMistypedKeyIsRefusedWithTheValidOnesListed() {
        Settings settings = Settings.of(Map.of("rules.ec2-idle.max-cpu-percnt", "3"));
        RuleSet.standard(settings);

        assertThatThrownBy(settings::requireNoUnknownKeys)
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("unknown setting rules.ec2-idle.max-cpu-percnt")
                .hasMessageContaining("rules.ec2-idle.max-cpu-percent");
    }

    @Test
    void aBadValueNamesTheKeyAndWhatIsExpected() {
        assertThatThrownBy(() -> RuleSet.standard(Settings.of(Map.of("rules.ebs-unattached.min-days", "a week"))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("rules.ebs-unattached.min-days = 'a week'")
                .hasMessageContaining("a whole number from 0 to 3650");
        assertThatThrownBy(() -> RuleSet.standard(Settings.of(Map.of("rules.rds-idle.action", "terminate"))))
                .hasMessageContaining("one of stop, delete");
        assertThatThrownBy(() -> RiskPolicy.Parameters.from(Settings.of(Map.of("risk.action.delete_volume", "tiny"))))
                .hasMessageContaining("one of low, medium, high");
    }

    @Test
    void riskAndProtectionAreConfigurable() {
        Settings settings = Settings.of(Map.of(
                "risk.action.delete_volume", "high",
                "risk.production-tag-keys", "stage",
                "protection.tag-keys", "keep, do-not-delete"));
        RiskPolicy risk = new RiskPolicy(RiskPolicy.Parameters.from(settings));
        Protection protection = Protection.from(settings);
        settings.requireNoUnknownKeys();

        assertThat(risk.riskOf(Action.DELETE_VOLUME, Tags.NONE)).isEqualTo(Risk.HIGH);
        assertThat(risk.riskOf(Action.RELEASE_ADDRESS, Tags.of("stage", "PROD"))).isEqualTo(Risk.HIGH);
        assertThat(risk.riskOf(Action.RELEASE_ADDRESS, Tags.of("env", "prod"))).isEqualTo(Risk.LOW);
        assertThat(protection.tagKeys()).containsExactly("keep", "do-not-delete");
    }
}
