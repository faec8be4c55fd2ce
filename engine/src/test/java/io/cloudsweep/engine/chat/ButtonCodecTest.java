package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ButtonCodecTest {

    private static final ButtonCodec CODEC = new ButtonCodec(new CommandParser(Set.copyOf(RuleSet.standard(Settings.empty()).ids())));

    static Stream<ChatCommand> commands() {
        FindingId id = FindingId.of(12);
        return Stream.of(new ChatCommand.Approve(id), new ChatCommand.Snooze(id, 7), new ChatCommand.Snooze(id, 30), new ChatCommand.Snooze(id, 90),
                new ChatCommand.Reject(id, Optional.empty()), new ChatCommand.Reject(id, Optional.of("kept for the audit")),
                new ChatCommand.Undo(CleanupId.of(3)), new ChatCommand.ApproveLowRisk("eip-unassociated"), ChatCommand.Findings.all().from(8),
                new ChatCommand.Findings(Optional.of("ebs-unattached"), new BigDecimal("12.50"), Optional.of(java.time.Instant.parse("2026-12-04T06:00:00.123456Z")), 16),
                new ChatCommand.Scan(Optional.of("123456789012"), List.of(Region.of("eu-west-1"))), new ChatCommand.Audit(40),
                new ChatCommand.SetRole("<@U0BO|bo>", Role.VIEWER), new ChatCommand.SetPolicy("cleanup", "on", Optional.of("123456789012")),
                new ChatCommand.Savings(), new ChatCommand.Accounts(), new ChatCommand.ShowPolicy(), new ChatCommand.DigestNow(io.cloudsweep.engine.report.Digest.Scope.WEEK),
                new ChatCommand.DigestNow(io.cloudsweep.engine.report.Digest.Scope.MONTH), new ChatCommand.ScheduleDigestOff(),
                new ChatCommand.ScheduleScan("daily 06:30"), new ChatCommand.ScheduleDigest("weekly mon 09:00"),
                new ChatCommand.Disconnect("210987654321", false), new ChatCommand.Disconnect("210987654321", true),
                new ChatCommand.ConnectHelp(), new ChatCommand.ConnectCurrent(Optional.of("prod")), new ChatCommand.ConnectCurrent(Optional.empty()),
                new ChatCommand.Connect("arn:aws:iam::210987654321:role/CloudSweep", Optional.of("cs-4f9a2b"), Optional.of("prod")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void aCommandComesBackFromItsValueAsItWent(ChatCommand command) {
        assertThat(CODEC.command(CODEC.value(command))).isEqualTo(command);
    }

    @Test
    void theValueIsTheCommandAsAPersonTypesIt() {
        assertThat(CODEC.value(new ChatCommand.Snooze(FindingId.of(12), 30))).isEqualTo("snooze F-12 30d");
        assertThat(CODEC.value(ChatCommand.Findings.all().from(8))).isEqualTo("findings --from 8");
        assertThat(ButtonCodec.name(new ChatCommand.Snooze(FindingId.of(12), 30))).isEqualTo("snooze-30d");
        assertThat(ButtonCodec.name(ChatCommand.Findings.all().from(8))).isEqualTo("show-more");
        assertThat(ButtonCodec.name(new ChatCommand.ApproveLowRisk("eip-unassociated"))).isEqualTo("approve-low-eip-unassociated");
    }

    @Test
    void aValueThatIsNoCommandIsUsageNotAnAction() {
        assertThat(CODEC.command("8 1764172800.000001 findings")).isInstanceOf(ChatCommand.Help.class);
        assertThat(CODEC.command("approve F-1; drop table")).isInstanceOf(ChatCommand.Help.class);
        assertThat(CODEC.command("x".repeat(ButtonCodec.MAX_VALUE + 1))).isEqualTo(new ChatCommand.Help(Optional.empty()));
        assertThat(CODEC.command(null)).isEqualTo(new ChatCommand.Help(Optional.empty()));
    }
}
