package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.store.NotifyEvent;
import io.cloudsweep.engine.store.NotifyTargets;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a person asked of CloudSweep, whichever chat they typed it in or whichever button they pressed: one record
 * per chat command. Typed text becomes one with {@link CommandParser}; a button carries one, turned
 * into the platform's wire value and back by {@link ButtonCodec}, so a press and the same words typed are the
 * same command and pass the same checks.
 */
public sealed interface ChatCommand {

    /** {@code help}, or usage after something not understood. */
    record Help(Optional<String> problem, Optional<String> verb) implements ChatCommand {
        public Help(Optional<String> problem) {
            this(problem, Optional.empty());
        }
    }

    /** {@code scan [account] [region ...]}: empty means every connected account, every enabled region. */
    record Scan(Optional<String> account, List<Region> regions) implements ChatCommand {
        public Scan {
            regions = List.copyOf(regions);
        }
    }

    /**
     * {@code findings [rule] [--min USD] [--new-since TIME] [--from N]}: the open findings (only those first seen at or
     * after {@code newSince}, when given), shown from the {@code from}-th on (the Show more button carries where the
     * next page starts).
     */
    record Findings(Optional<String> ruleId, BigDecimal minMonthlyUsd, Optional<Instant> newSince, int from) implements ChatCommand {
        public Findings {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(minMonthlyUsd, "minMonthlyUsd");
            Objects.requireNonNull(newSince, "newSince");
            if (from < 0) {
                throw new IllegalArgumentException("a page starts at 0 or later, not " + from);
            }
        }

        public static Findings all() {
            return new Findings(Optional.empty(), BigDecimal.ZERO, Optional.empty(), 0);
        }

        /** Only the findings first seen at or after {@code since}: what a scan found first. */
        public static Findings newSince(Instant since) {
            return new Findings(Optional.empty(), BigDecimal.ZERO, Optional.of(since), 0);
        }

        /** The same listing from {@code next} on. */
        public Findings from(int next) {
            return new Findings(ruleId, minMonthlyUsd, newSince, next);
        }

        /** Whether {@code finding}, first seen at {@code firstSeen}, is new enough for this listing. */
        boolean admits(Instant firstSeen) {
            return newSince.map(since -> !firstSeen.isBefore(since)).orElse(true);
        }
    }

    record Savings() implements ChatCommand {
    }

    record Accounts() implements ChatCommand {
    }

    /** {@code connect} alone: how to connect, with the organization's ExternalId and the role templates. */
    record ConnectHelp() implements ChatCommand {
    }

    /** {@code connect <role-arn> [external-id] [name]}: the organization's ExternalId unless one is given. */
    record Connect(String roleArn, Optional<String> externalId, Optional<String> name) implements ChatCommand {
        public Connect {
            Objects.requireNonNull(roleArn, "roleArn");
            Objects.requireNonNull(externalId, "externalId");
            Objects.requireNonNull(name, "name");
        }

        /** The twelve digits of the account the role is in. */
        public String accountId() {
            return roleArn.split(":")[4];
        }

        /** The ARN's partition: {@code aws}, {@code aws-cn}, {@code aws-us-gov}. */
        public String partition() {
            return roleArn.split(":")[1];
        }
    }

    /** {@code connect current [name]}: the account of CloudSweep's own credentials. */
    record ConnectCurrent(Optional<String> name) implements ChatCommand {
    }

    /** {@code disconnect <account>}, which asks first; its Disconnect button carries {@code confirmed}. */
    record Disconnect(String account, boolean confirmed) implements ChatCommand {
        public Disconnect {
            Objects.requireNonNull(account, "account");
        }
    }

    /** {@code policy}: show the policies. */
    record ShowPolicy() implements ChatCommand {
    }

    /** {@code policy set <key> <value> [account]}, such as {@code policy set cleanup on 123456789012}. */
    record SetPolicy(String key, String value, Optional<String> account) implements ChatCommand {
    }

    /** {@code schedule scan daily HH:MM [tz] | weekly DAY HH:MM [tz] | <cron> [tz]}, as typed ({@link ScanSchedule#parse} reads it). */
    record ScheduleScan(String schedule) implements ChatCommand {
        public ScanSchedule parsed() {
            return ScanSchedule.parse(java.util.Arrays.asList(schedule.trim().split("\\s+")));
        }
    }

    /** {@code schedule scan off}. */
    record ScheduleScanOff() implements ChatCommand {
    }

    /** {@code schedule}: what is scheduled. */
    record ShowSchedule() implements ChatCommand {
    }

    /** {@code schedule digest weekly DAY HH:MM [tz]}, as typed: the weekly digest, and the monthly report on the 1st at the same time. */
    record ScheduleDigest(String schedule) implements ChatCommand {
        public ScanSchedule parsed() {
            return ScanSchedule.parse(java.util.Arrays.asList(schedule.trim().split("\\s+")));
        }
    }

    /** {@code schedule digest off}: no more digests in this conversation. */
    record ScheduleDigestOff() implements ChatCommand {
    }

    /** {@code digest now} (the weekly digest) or {@code digest month} (last month's report). */
    record DigestNow(Digest.Scope scope) implements ChatCommand {
        public DigestNow {
            Objects.requireNonNull(scope, "scope");
        }
    }

    /** {@code notify}: where notifications go besides the chats, and for which events. */
    record ShowNotify() implements ChatCommand {
    }

    /**
     * {@code notify add email|webhook <address> [event ...] [--min USD]}: a new target (every event when none is named);
     * {@code minMonthlyUsd} holds back {@code findings.new} until a scan's new findings cost that much a month.
     */
    record AddNotify(NotifyTargets.Kind kind, String address, Set<NotifyEvent> events, BigDecimal minMonthlyUsd) implements ChatCommand {
        public AddNotify {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(address, "address");
            events = Set.copyOf(events);
            Objects.requireNonNull(minMonthlyUsd, "minMonthlyUsd");
        }
    }

    /** {@code notify me on|off}: a direct message when a cleanup one approved ends. */
    record NotifyMe(boolean on) implements ChatCommand {
    }

    /** {@code notify remove <id>}. */
    record RemoveNotify(long id) implements ChatCommand {
    }

    /** {@code notify enable <id>}: a target disabled after failing is tried again, its kept events delivered. */
    record EnableNotify(long id) implements ChatCommand {
    }

    /** {@code apikey create <name> [role]}: a key to the REST API, viewer unless said otherwise. */
    record CreateApiKey(String name, Role role) implements ChatCommand {
        public CreateApiKey {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
        }
    }

    /** {@code apikey list}: the organization's live keys, never the keys themselves. */
    record ListApiKeys() implements ChatCommand {
    }

    /** {@code apikey revoke <name>}. */
    record RevokeApiKey(String name) implements ChatCommand {
        public RevokeApiKey {
            Objects.requireNonNull(name, "name");
        }
    }

    /** {@code undo C-3}: undo a cleanup, the id as shown on a cleaned card. */
    record Undo(CleanupId cleanupId) implements ChatCommand {
        public Undo {
            Objects.requireNonNull(cleanupId, "cleanupId");
        }
    }

    /** {@code audit [n]}: the last n entries (default 20). */
    record Audit(int entries) implements ChatCommand {
    }

    /**
     * {@code role <@user> admin|member|viewer}.
     *
     * @param user the user as mentioned ({@code <@U0BO|bo>}, {@code @bo}, an id): the chat says who that is
     */
    record SetRole(String user, Role role) implements ChatCommand {
        public SetRole {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(role, "role");
        }
    }

    /** The Approve button, typed as {@code approve F-12}. */
    record Approve(FindingId findingId) implements ChatCommand {
        public Approve {
            Objects.requireNonNull(findingId, "findingId");
        }
    }

    /** The summary's Approve all N low-risk button, typed as {@code approve-low ebs-unattached}: one ordinary approval per finding. */
    record ApproveLowRisk(String ruleId) implements ChatCommand {
        public ApproveLowRisk {
            Objects.requireNonNull(ruleId, "ruleId");
        }
    }

    /** The Snooze buttons, typed as {@code snooze F-12 30d}: for one of {@link #DAYS} days. */
    record Snooze(FindingId findingId, int days) implements ChatCommand {
        /** How long a finding may be snoozed, in days: the buttons, the parser and the check all use these. */
        public static final List<Integer> DAYS = List.of(7, 30, 90);

        public Snooze {
            Objects.requireNonNull(findingId, "findingId");
            if (!DAYS.contains(days)) {
                throw new IllegalArgumentException("a finding snoozes for 7, 30 or 90 days, not " + days);
            }
        }

        public Duration duration() {
            return Duration.ofDays(days);
        }
    }

    /** The Reject button, typed as {@code reject F-12 <optional reason>}. */
    record Reject(FindingId findingId, Optional<String> reason) implements ChatCommand {
        /** The longest reason kept. */
        public static final int MAX_REASON = 500;

        public Reject {
            Objects.requireNonNull(findingId, "findingId");
            reason = reason.map(why -> CommandParser.CONTROL.matcher(why).replaceAll("").replaceAll("\\s+", " ").trim()).filter(why -> !why.isEmpty())
                    .map(why -> why.length() <= MAX_REASON ? why : why.substring(0, MAX_REASON));
        }

        /** The same rejection with the reason the person gave when asked. */
        public Reject because(Optional<String> given) {
            return new Reject(findingId, given);
        }
    }
}
