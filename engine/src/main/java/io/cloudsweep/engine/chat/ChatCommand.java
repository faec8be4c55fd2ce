package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.model.Region;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a person asked of CloudSweep, whichever chat they typed it in: one record per command of
 * INTERFACES.md, plus the finding buttons as typed in the terminal. Slack, Teams and the console all parse
 * into these with {@link CommandParser}.
 */
public sealed interface ChatCommand {

    /** {@code help}, or usage after something not understood. */
    record Help(Optional<String> problem) implements ChatCommand {
    }

    /** {@code scan [account] [region ...]}: empty means every connected account, every enabled region. */
    record Scan(Optional<String> account, List<Region> regions) implements ChatCommand {
        public Scan {
            regions = List.copyOf(regions);
        }
    }

    /** {@code findings [rule] [--min USD]}. */
    record Findings(Optional<String> ruleId, BigDecimal minMonthlyUsd) implements ChatCommand {
    }

    record Savings() implements ChatCommand {
    }

    record Accounts() implements ChatCommand {
    }

    /** {@code connect <role-arn> [external-id] [name]}. */
    record Connect(String roleArn, Optional<String> externalId, Optional<String> name) implements ChatCommand {
    }

    record Disconnect(String account) implements ChatCommand {
    }

    /** {@code policy}: show the policies. */
    record ShowPolicy() implements ChatCommand {
    }

    /** {@code policy set <key> <value> [account]}, such as {@code policy set cleanup on 123456789012}. */
    record SetPolicy(String key, String value, Optional<String> account) implements ChatCommand {
    }

    /** {@code schedule scan <cron or daily HH:MM>}. */
    record ScheduleScan(String schedule) implements ChatCommand {
    }

    /** {@code schedule digest <weekly DAY HH:MM>}. */
    record ScheduleDigest(String schedule) implements ChatCommand {
    }

    record DigestNow() implements ChatCommand {
    }

    /** {@code undo <cleanup-id>}, the id as shown on a cleaned card ({@code C-3}). */
    record Undo(long cleanupId) implements ChatCommand {
    }

    /** {@code audit [n]}: the last n entries (default 20). */
    record Audit(int entries) implements ChatCommand {
    }

    /** {@code role <@user> admin|member|viewer}. */
    record SetRole(String userId, Role role) implements ChatCommand {
    }

    /** The Approve button, typed as {@code approve F-12}. */
    record Approve(long findingId) implements ChatCommand {
    }

    /** The summary's Approve all N low-risk button, typed as {@code approve-low ebs-unattached}: one ordinary approval per finding. */
    record ApproveLowRisk(String ruleId) implements ChatCommand {
    }

    /** The Snooze button, typed as {@code snooze F-12 30d}: 7, 30 or 90 days. */
    record Snooze(long findingId, Duration duration) implements ChatCommand {
    }

    /** The Reject button, typed as {@code reject F-12 <optional reason>}. */
    record Reject(long findingId, Optional<String> reason) implements ChatCommand {
    }
}
