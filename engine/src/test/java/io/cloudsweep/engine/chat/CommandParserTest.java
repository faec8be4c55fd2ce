package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CommandParserTest {

    private static final CommandParser PARSER = new CommandParser(Set.copyOf(RuleSet.standard(Settings.empty()).ids()));

    static Stream<Arguments> understood() {
        return Stream.of(
                Arguments.of("help", new ChatCommand.Help(Optional.empty())),
                Arguments.of("/sweep", new ChatCommand.Help(Optional.empty())),
                Arguments.of("/sweep scan", new ChatCommand.Scan(Optional.empty(), List.of())),
                Arguments.of("<at>CloudSweep</at> scan", new ChatCommand.Scan(Optional.empty(), List.of())),
                Arguments.of("@CloudSweep   SCAN eu-west-1", new ChatCommand.Scan(Optional.empty(), List.of(Region.of("eu-west-1")))),
                Arguments.of("scan 123456789012 us-east-1 eu-west-1",
                        new ChatCommand.Scan(Optional.of("123456789012"), List.of(Region.of("us-east-1"), Region.of("eu-west-1")))),
                Arguments.of("scan prod", new ChatCommand.Scan(Optional.of("prod"), List.of())),
                Arguments.of("findings", new ChatCommand.Findings(Optional.empty(), BigDecimal.ZERO, Optional.empty(), 0)),
                Arguments.of("findings --from 8", new ChatCommand.Findings(Optional.empty(), BigDecimal.ZERO, Optional.empty(), 8)),
                Arguments.of("findings ebs-unattached --min 50", new ChatCommand.Findings(Optional.of("ebs-unattached"), new BigDecimal("50"), Optional.empty(), 0)),
                Arguments.of("findings --new-since 2026-12-01", new ChatCommand.Findings(Optional.empty(), BigDecimal.ZERO, Optional.of(java.time.Instant.parse("2026-12-01T00:00:00Z")), 0)),
                Arguments.of("findings --new-since 2026-12-01T06:30:00Z --from 8", new ChatCommand.Findings(Optional.empty(), BigDecimal.ZERO, Optional.of(java.time.Instant.parse("2026-12-01T06:30:00Z")), 8)),
                Arguments.of("savings", new ChatCommand.Savings()),
                Arguments.of("accounts", new ChatCommand.Accounts()),
                Arguments.of("connect arn:aws:iam::210987654321:role/CloudSweepScan cs-4f9a2b prod",
                        new ChatCommand.Connect("arn:aws:iam::210987654321:role/CloudSweepScan", Optional.of("cs-4f9a2b"), Optional.of("prod"))),
                Arguments.of("disconnect 210987654321", new ChatCommand.Disconnect("210987654321", false)),
                Arguments.of("disconnect prod --confirmed", new ChatCommand.Disconnect("prod", true)),
                Arguments.of("connect", new ChatCommand.ConnectHelp()),
                Arguments.of("connect current", new ChatCommand.ConnectCurrent(Optional.empty())),
                Arguments.of("connect CURRENT shared", new ChatCommand.ConnectCurrent(Optional.of("shared"))),
                Arguments.of("connect arn:aws-cn:iam::210987654321:role/CloudSweep",
                        new ChatCommand.Connect("arn:aws-cn:iam::210987654321:role/CloudSweep", Optional.empty(), Optional.empty())),
                Arguments.of("policy", new ChatCommand.ShowPolicy()),
                Arguments.of("policy set cleanup ON 123456789012", new ChatCommand.SetPolicy("cleanup", "on", Optional.of("123456789012"))),
                Arguments.of("schedule scan daily 06:30", new ChatCommand.ScheduleScan("daily 06:30")),
                Arguments.of("schedule scan daily 06:00 Europe/Berlin", new ChatCommand.ScheduleScan("daily 06:00 Europe/Berlin")),
                Arguments.of("schedule scan off", new ChatCommand.ScheduleScanOff()),
                Arguments.of("schedule", new ChatCommand.ShowSchedule()),
                Arguments.of("schedule scan 0 0 6 ? * MON-FRI", new ChatCommand.ScheduleScan("0 0 6 ? * MON-FRI")),
                Arguments.of("schedule digest weekly mon 09:00", new ChatCommand.ScheduleDigest("weekly mon 09:00")),
                Arguments.of("notify me on", new ChatCommand.NotifyMe(true)),
                Arguments.of("notify add here findings.new --min 50", new ChatCommand.AddNotify(io.cloudsweep.engine.store.NotifyTargets.Kind.CHAT,
                        "here", java.util.Set.of(io.cloudsweep.engine.store.NotifyEvent.NEW_FINDINGS), new BigDecimal("50"))),
                Arguments.of("notify ME off", new ChatCommand.NotifyMe(false)),
                Arguments.of("digest now", new ChatCommand.DigestNow(io.cloudsweep.engine.report.Digest.Scope.WEEK)),
                Arguments.of("digest month", new ChatCommand.DigestNow(io.cloudsweep.engine.report.Digest.Scope.MONTH)),
                Arguments.of("schedule digest weekly mon 09:00 Europe/London", new ChatCommand.ScheduleDigest("weekly mon 09:00 Europe/London")),
                Arguments.of("schedule digest off", new ChatCommand.ScheduleDigestOff()),
                Arguments.of("undo C-3", new ChatCommand.Undo(CleanupId.of(3))),
                Arguments.of("undo 3", new ChatCommand.Undo(CleanupId.of(3))),
                Arguments.of("audit", new ChatCommand.Audit(20)),
                Arguments.of("audit 5", new ChatCommand.Audit(5)),
                Arguments.of("role <@U024BE7LH|ana> admin", new ChatCommand.SetRole("<@U024BE7LH|ana>", Role.ADMIN)),
                Arguments.of("role @bo viewer", new ChatCommand.SetRole("@bo", Role.VIEWER)),
                Arguments.of("role Ana admin", new ChatCommand.SetRole("Ana", Role.ADMIN)),
                Arguments.of("approve F-12", new ChatCommand.Approve(FindingId.of(12))),
                Arguments.of("approve-low eip-unassociated", new ChatCommand.ApproveLowRisk("eip-unassociated")),
                Arguments.of("snooze F-12 30d", new ChatCommand.Snooze(FindingId.of(12), 30)),
                Arguments.of("snooze f-12 7", new ChatCommand.Snooze(FindingId.of(12), 7)),
                Arguments.of("snooze F-12 90Days", new ChatCommand.Snooze(FindingId.of(12), 90)),
                Arguments.of("reject F-12", new ChatCommand.Reject(FindingId.of(12), Optional.empty())),
                Arguments.of("reject F-12 needed for the audit in March", new ChatCommand.Reject(FindingId.of(12), Optional.of("needed for the audit in March"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("understood")
    void parsesEveryChatCommand(String typed, ChatCommand expected) {
        assertThat(PARSER.parse(typed)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "deploy everything|I don't know 'deploy'",
            "scan us-east-1 mars|'mars' is not a region",
            "findings ebs-everything|'ebs-everything' is not a rule; rules: ami-unused, ebs-gp2-to-gp3, ebs-io1-to-gp3, ebs-low-io, ebs-snapshot-old",
            "findings --min|--min needs an amount",
            "findings --min -5|'-5' is not an amount",
            "connect arn:aws:iam::12:role/x|is not a role ARN",
            "connect arn:aws:iam::210987654321:user/bo|is not a role ARN",
            "connect arn:aws:iam::210987654321:role/x a|is not an ExternalId",
            "connect arn:aws:iam::210987654321:role/x cs-1 210987654321|is not a name for an account",
            "connect current a b|connect current [name]",
            "disconnect 210987654321 now|disconnect <account id or name>",
            "policy set cleanup|policy set <key> <value> [account]",
            "schedule scan hourly|'hourly' is not a schedule: daily HH:MM [timezone]",
            "schedule scan daily 06:00 Mars/Olympus|'Mars/Olympus' is not a timezone: use an IANA name",
            "schedule scan daily 25:00|'25:00' is not a time of day",
            "schedule scan weekly someday 06:00|'someday' is not a day",
            "schedule digest daily 09:00|is not 'weekly DAY HH:MM [timezone]'",
            "schedule digest weekly mon 09:00 Mars/Olympus|'Mars/Olympus' is not a timezone",
            "schedule digest weekly someday 09:00|'someday' is not a day",
            "digest later|digest now (the weekly digest) or digest month",
            "undo everything|'everything' is not a cleanup id such as C-3",
            "audit 100000|n is a number from 1 to 500",
            "role ana owner|'owner' is not a role: admin, member or viewer",
            "approve|approve F-<id>",
            "approve X-1|'X-1' is not a finding id such as F-12",
            "approve-low everything|'everything' is not a rule; rules: ami-unused, ebs-gp2-to-gp3, ebs-io1-to-gp3",
            "approve-low|approve-low <rule>",
            "snooze F-12 14d|7, 30 or 90 days",
            "snooze F-12 7dd|7, 30 or 90 days",
            "findings --from many|'many' is not a position in the list",
            "findings --new-since yesterday|'yesterday' is not a date such as 2026-12-01",
            "findings --new-since|--new-since needs a date or time",
            "approve F-0|'F-0' is not a finding id such as F-12",
            "role <script> admin|is not a user",
            "savings now|savings takes nothing after it"})
    void explainsWhatItDidNotUnderstand(String typed, String explanation) {
        ChatCommand command = PARSER.parse(typed);

        assertThat(command).isInstanceOf(ChatCommand.Help.class);
        assertThat(((ChatCommand.Help) command).problem()).hasValueSatisfying(problem -> assertThat(problem).contains(explanation));
    }

    @Test
    void aMistakeIsAnsweredWithItsCommandsUsageAloneNotTheWholeList() {
        String answer = CommandInterpreter.usage((ChatCommand.Help) PARSER.parse("snooze F-12 forever"));

        assertThat(answer).startsWith("a finding snoozes for 7, 30 or 90 days, not 'forever'\n").endsWith("\nType `help` for every command.")
                .contains("approve F-12 | snooze F-12 7d|30d|90d | reject F-12 [reason]").doesNotContain("schedule");
        assertThat(answer.lines()).hasSizeLessThanOrEqualTo(4);
        assertThat(CommandParser.usageOf("findings")).hasSize(3).allMatch(line -> line.startsWith("findings") || line.startsWith(" "));
        assertThat(CommandParser.usageOf("schedule")).hasSize(3);
        assertThat(CommandParser.usageOf("connect")).hasSize(3).noneMatch(line -> line.startsWith("disconnect"));
        assertThat(CommandParser.usageOf("approve")).singleElement().asString().startsWith("approve F-12");
    }

    @Test
    void aVeryLongLineIsNotEchoedBack() {
        String typed = "x".repeat(10_000);

        String unknown = CommandInterpreter.usage((ChatCommand.Help) PARSER.parse(typed));
        String badRegion = CommandInterpreter.usage((ChatCommand.Help) PARSER.parse("scan " + typed));

        assertThat(unknown).isEqualTo("I don't know '" + "x".repeat(39) + "…'.\nType `help` for every command.");
        assertThat(badRegion).hasSizeLessThan(400).contains("x".repeat(39) + "…' is not");
    }
}
