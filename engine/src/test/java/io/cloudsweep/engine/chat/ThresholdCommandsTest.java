package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.config.InvalidConfigurationException;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.store.AuditLog;
import io.cloudsweep.engine.store.StoredFinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cloudsweep.engine.chat.InMemorySweep.ADMIN;
import static io.cloudsweep.engine.chat.InMemorySweep.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code policy set <rule>.<threshold> <value>}: an organization's own thresholds, checked as --config checks them. */
class ThresholdCommandsTest {

    private final InMemorySweep sweep = new InMemorySweep();
    private final MemoryChat chat = sweep.chat();

    private List<String> openIdle() {
        return sweep.stores.open(sweep.organization.id(), Optional.of("ec2-idle"), BigDecimal.ZERO).stream()
                .map(StoredFinding::finding).map(finding -> finding.resource().id()).sorted().toList();
    }

    @Test
    void aThresholdSetByAnAdminChangesTheNextScansFindingsAndIsShownAndAudited() {
        sweep.typed(chat, MEMBER, "scan");
        assertThat(openIdle()).as("the demo's idle instances run at up to 2.3 % CPU").containsExactly("i-0a7c31e2b9d4f5004", "i-0e6a8c0e2b4d52001");

        sweep.typed(chat, ADMIN, "policy set ec2-idle.max-cpu-percent 2");
        sweep.clock.advance(Duration.ofMinutes(10));
        sweep.typed(chat, MEMBER, "scan");
        sweep.typed(chat, MEMBER, "policy");

        assertThat(chat.posted.stream().map(message -> Cards.summary(message.card())).toList()).anySatisfy(text -> assertThat(text).contains("ec2-idle.max-cpu-percent is now 2 for this organization"))
                .anySatisfy(text -> assertThat(text).contains("Thresholds set here (over the server's): ec2-idle.max-cpu-percent = 2."));
        assertThat(openIdle()).as("resolved: above 2 % CPU on some day").isEmpty();
        assertThat(sweep.stores.recent(sweep.organization.id(), 100)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("policy.threshold");
            assertThat(entry.actor()).isEqualTo(ADMIN.userId());
            assertThat(entry.details()).containsEntry("key", "ec2-idle.max-cpu-percent").containsEntry("value", "2");
        });
        assertThat(sweep.stores.ruleThresholds(sweep.organization.id() + 1)).as("another organization's").isEmpty();
    }

    @Test
    void onlyAdminsSetThresholds() {
        sweep.typed(chat, MEMBER, "policy set ec2-idle.max-cpu-percent 2");

        assertThat(chat.privateTexts()).singleElement().asString().isEqualTo("Only admins can change policies.");
        assertThat(sweep.stores.ruleThresholds(sweep.organization.id())).isEmpty();
    }

    /** The chat's answer carries the very words a settings file with the same line gets at start-up. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "ec2-idle.max-cpu-percent, lots",
            "ec2-idle.max-cpu-percent, -1",
            "ec2-idle.lookback-days, 0",
            "ebs-low-io.min-daily-operations, 1.5",
            "rds-idle.action, vaporise",
            "ec2-idle.max-cpu, 3"})
    void aBadThresholdIsRefusedWithTheSettingsFilesWordsAndNothingStored(String key, String value) {
        Settings file = Settings.of(Map.of("rules." + key, value));
        String fileSays = firstProblem(file);

        sweep.typed(chat, ADMIN, "policy set " + key + " " + value);

        assertThat(chat.privateTexts()).singleElement().asString().isEqualTo("Not changed: " + fileSays + ".");
        assertThat(sweep.stores.ruleThresholds(sweep.organization.id())).isEmpty();
        assertThat(sweep.stores.recent(sweep.organization.id(), 100)).extracting(AuditLog.Entry::action).doesNotContain("policy.threshold");
    }

    @Test
    void aThresholdIsForTheWholeOrganizationNotOneAccount() {
        sweep.typed(chat, ADMIN, "policy set ec2-idle.max-cpu-percent 2 123456789012");

        assertThat(chat.privateTexts()).singleElement().asString().contains("applies to every account of this organization");
    }

    @Test
    void aValueIsKeptAsTypedSinceTagKeysAreCaseSensitive() {
        sweep.typed(chat, ADMIN, "policy set ebs-unattached.detached-at-tag-keys DetachedAt");

        assertThat(sweep.stores.ruleThresholds(sweep.organization.id())).containsEntry("ebs-unattached.detached-at-tag-keys", "DetachedAt");
    }

    private static String firstProblem(Settings file) {
        try {
            RuleSet.standard(file);
            file.requireNoUnknownKeys();
        } catch (InvalidConfigurationException e) {
            return e.getMessage();
        }
        throw new AssertionError("the settings file accepted it");
    }

    @Test
    void theSettingsFileRefusesWhatTheChatRefuses() {
        assertThatThrownBy(() -> RuleSet.standard(Settings.of(Map.of("rules.ec2-idle.max-cpu-percent", "lots"))))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("rules.ec2-idle.max-cpu-percent");
    }
}
