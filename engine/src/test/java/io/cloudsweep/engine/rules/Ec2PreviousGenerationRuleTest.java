package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Action;
import io.cloudsweep.engine.model.ActionParameters;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Risk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.cloudsweep.engine.rules.Fixtures.Case;
import static io.cloudsweep.engine.rules.Fixtures.NOT_WASTE;
import static io.cloudsweep.engine.rules.Fixtures.WASTE;
import static io.cloudsweep.engine.rules.Fixtures.assertVerdict;
import static io.cloudsweep.engine.rules.Fixtures.finding;
import static io.cloudsweep.engine.rules.Fixtures.instance;
import static io.cloudsweep.engine.rules.Fixtures.judge;
import static org.assertj.core.api.Assertions.assertThat;

class Ec2PreviousGenerationRuleTest {

    private final Ec2PreviousGenerationRule rule = new Ec2PreviousGenerationRule(Ec2PreviousGenerationRule.Parameters.from(Settings.empty()));

    static Stream<Case> cases() {
        return Stream.of(
                Case.of("running t2.large", instance("i-1").type("t2.large").build(), WASTE),
                Case.of("running t2.micro", instance("i-1").type("t2.micro").build(), WASTE),
                Case.of("m4.large: m5.large unpriced in the book, so the saving is unknown but named", instance("i-1").type("m4.large").build(), WASTE),
                Case.of("m4.10xlarge: m5 has no such size", instance("i-1").type("m4.10xlarge").build(), NOT_WASTE),
                Case.of("current generation t3.large", instance("i-1").type("t3.large").build(), NOT_WASTE),
                Case.of("current generation m5.large", instance("i-1").type("m5.large").build(), NOT_WASTE),
                Case.of("a type without a size", instance("i-1").type("t2").build(), NOT_WASTE),
                Case.of("stopped t2.large: left to ec2-stopped-long", instance("i-1").type("t2.large").stoppedDaysAgo(3).build(), NOT_WASTE),
                Case.of("Windows t2.large: the book holds Linux prices", instance("i-1").type("t2.large").platform("Windows").build(), NOT_WASTE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void judgesRunningInstancesByTheirGeneration(Case row) {
        assertVerdict(rule, row);
    }

    /** us-east-1 on demand, Linux, per hour: t2.micro 0.0116, t3.micro 0.0104; t2.large 0.0928, t3.large 0.0832. */
    @ParameterizedTest(name = "{0} -> {1} saves {2}")
    @CsvSource({"t2.micro, t3.micro, 0.88", "t2.large, t3.large, 7.01"})
    void savingIsTheCurrentPriceLessTheSuccessorsOfTheSameSize(String type, String target, String saving) {
        Finding finding = finding(judge(rule, Case.of("priced", instance("i-1").type(type).build(), WASTE)));

        assertThat(finding.monthlyCost()).contains(Money.usd(saving));
        assertThat(finding.action()).isEqualTo(Action.MODIFY_INSTANCE_TYPE);
        assertThat(finding.parameters()).isEqualTo(new ActionParameters.InstanceTypeChange(target, type));
        assertThat(finding.risk()).isEqualTo(Risk.HIGH);
        assertThat(finding.reason()).contains("stops and starts the instance");
    }

    @Test
    void aMissingPriceLeavesTheCostUnknownNamingIt() {
        Finding finding = finding(judge(rule, Case.of("m4", instance("i-1").type("m4.large").build(), WASTE)));

        assertThat(finding.monthlyCost()).isEmpty();
        assertThat(finding.cost().toString()).contains("m4.large");
    }

    @Test
    void ignoresSavingsAtOrBelowTheConfiguredMinimum() {
        Ec2PreviousGenerationRule strict = new Ec2PreviousGenerationRule(Ec2PreviousGenerationRule.Parameters.from(Settings.of(
                Map.of("rules.ec2-previous-generation.min-monthly-saving-usd", "7.01"))));

        assertVerdict(strict, Case.of("boundary: saves exactly $7.01", instance("i-1").type("t2.large").build(), NOT_WASTE));
        assertVerdict(strict, Case.of("saves $14.02", instance("i-1").type("t2.xlarge").build(), WASTE));
    }

    @Test
    void mapsEachPreviousFamilyToTheCurrentOneOfTheSameShape() {
        assertThat(Ec2PreviousGenerationRule.successor("c4.8xlarge")).as("c5 has 9xlarge, not 8xlarge").isEmpty();
        assertThat(Ec2PreviousGenerationRule.successor("c4.2xlarge")).contains("c5.2xlarge");
        assertThat(Ec2PreviousGenerationRule.successor("r4.16xlarge")).contains("r5.16xlarge");
        assertThat(Ec2PreviousGenerationRule.successor("t1.micro")).contains("t3.micro");
        assertThat(Ec2PreviousGenerationRule.successor("m6i.large")).isEqualTo(Optional.empty());
    }
}
