package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.report.Digest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns the command a button stands for into the value a chat stores in the button (a Slack action's value, an
 * Adaptive Card action's data) and back. The value is the command as a person would type it ({@code approve F-12},
 * {@code findings --from 8}), so decoding is the parser's work and a decoded value can do no more than typing it:
 * it goes through the interpreter's role and organization checks like any typed command. Pure and thread-safe.
 */
public final class ButtonCodec {

    /** Slack's limit on a button's value; the longest command a button carries is far shorter. */
    static final int MAX_VALUE = 2000;

    private final CommandParser parser;

    public ButtonCodec(CommandParser parser) {
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** The wire value of {@code command}. */
    public String value(ChatCommand command) {
        String value = String.join(" ", words(command));
        if (value.length() > MAX_VALUE) {
            throw new IllegalArgumentException("a button's command is longer than " + MAX_VALUE + " characters");
        }
        return value;
    }

    /** The command a wire value stands for; a value that is not one becomes {@link ChatCommand.Help} with the problem. */
    public ChatCommand command(String value) {
        return parser.parse(value == null || value.length() > MAX_VALUE ? "" : value);
    }

    /**
     * A short name of what the button does, for chats that name their buttons ({@code approve}, {@code snooze-30d},
     * {@code show-more}, {@code approve-low-eip-unassociated}); the value, not the name, says what runs.
     */
    public static String name(ChatCommand command) {
        if (command instanceof ChatCommand.Snooze snooze) {
            return "snooze-" + snooze.days() + "d";
        }
        if (command instanceof ChatCommand.ApproveLowRisk lowRisk) {
            return "approve-low-" + lowRisk.ruleId();
        }
        if (command instanceof ChatCommand.Findings findings && findings.from() > 0) {
            return "show-more";
        }
        return words(command).get(0);
    }

    /** The command in the words the parser reads back into the same command. */
    static List<String> words(ChatCommand command) {
        List<String> words = new ArrayList<>();
        if (command instanceof ChatCommand.Approve approve) {
            words.add("approve");
            words.add(approve.findingId().toString());
        } else if (command instanceof ChatCommand.Snooze snooze) {
            words.add("snooze");
            words.add(snooze.findingId().toString());
            words.add(snooze.days() + "d");
        } else if (command instanceof ChatCommand.Reject reject) {
            words.add("reject");
            words.add(reject.findingId().toString());
            reject.reason().ifPresent(words::add);
        } else if (command instanceof ChatCommand.Undo undo) {
            words.add("undo");
            words.add(undo.cleanupId().toString());
        } else if (command instanceof ChatCommand.ApproveLowRisk lowRisk) {
            words.add("approve-low");
            words.add(lowRisk.ruleId());
        } else if (command instanceof ChatCommand.Findings findings) {
            words.add("findings");
            findings.ruleId().ifPresent(words::add);
            if (findings.minMonthlyUsd().compareTo(BigDecimal.ZERO) > 0) {
                words.add("--min");
                words.add(findings.minMonthlyUsd().toPlainString());
            }
            findings.newSince().ifPresent(since -> {
                words.add("--new-since");
                words.add(since.toString());
            });
            if (findings.from() > 0) {
                words.add("--from");
                words.add(String.valueOf(findings.from()));
            }
        } else if (command instanceof ChatCommand.Scan scan) {
            words.add("scan");
            scan.account().ifPresent(words::add);
            scan.regions().stream().map(Region::code).forEach(words::add);
        } else if (command instanceof ChatCommand.Audit audit) {
            words.add("audit");
            words.add(String.valueOf(audit.entries()));
        } else if (command instanceof ChatCommand.SetRole role) {
            words.add("role");
            words.add(role.user());
            words.add(role.role().id());
        } else if (command instanceof ChatCommand.SetPolicy set) {
            words.add("policy");
            words.add("set");
            words.add(set.key());
            words.add(set.value());
            set.account().ifPresent(words::add);
        } else if (command instanceof ChatCommand.Connect connect) {
            if (connect.externalId().isEmpty() && connect.name().isPresent()) {
                throw new IllegalArgumentException("connect with a name needs the external id before it in words");
            }
            words.add("connect");
            words.add(connect.roleArn());
            connect.externalId().ifPresent(words::add);
            connect.name().ifPresent(words::add);
        } else if (command instanceof ChatCommand.Disconnect disconnect) {
            words.add("disconnect");
            words.add(disconnect.account());
            if (disconnect.confirmed()) {
                words.add(CommandParser.CONFIRMED);
            }
        } else if (command instanceof ChatCommand.ConnectCurrent current) {
            words.addAll(List.of("connect", "current"));
            current.name().ifPresent(words::add);
        } else if (command instanceof ChatCommand.ScheduleScan schedule) {
            words.addAll(List.of("schedule", "scan", schedule.schedule()));
        } else if (command instanceof ChatCommand.ScheduleScanOff) {
            words.addAll(List.of("schedule", "scan", "off"));
        } else if (command instanceof ChatCommand.ShowSchedule) {
            words.add("schedule");
        } else if (command instanceof ChatCommand.ScheduleDigest schedule) {
            words.addAll(List.of("schedule", "digest", schedule.schedule()));
        } else if (command instanceof ChatCommand.ScheduleDigestOff) {
            words.addAll(List.of("schedule", "digest", "off"));
        } else if (command instanceof ChatCommand.AddNotify add) {
            words.addAll(add.kind() == io.cloudsweep.engine.store.NotifyTargets.Kind.CHAT ? List.of("notify", "add", "here")
                    : List.of("notify", "add", add.kind().id(), add.address()));
            add.events().stream().map(io.cloudsweep.engine.store.NotifyEvent::id).sorted().forEach(words::add);
            if (add.minMonthlyUsd().signum() > 0) {
                words.addAll(List.of("--min", add.minMonthlyUsd().toPlainString()));
            }
        } else if (command instanceof ChatCommand.NotifyMe me) {
            words.addAll(List.of("notify", "me", me.on() ? "on" : "off"));
        } else if (command instanceof ChatCommand.RemoveNotify remove) {
            words.addAll(List.of("notify", "remove", String.valueOf(remove.id())));
        } else if (command instanceof ChatCommand.EnableNotify enable) {
            words.addAll(List.of("notify", "enable", String.valueOf(enable.id())));
        } else if (command instanceof ChatCommand.DigestNow digest) {
            words.addAll(List.of("digest", digest.scope() == Digest.Scope.WEEK ? "now" : "month"));
        } else {
            words.add(simpleWord(command));
        }
        return words;
    }

    /** The commands of one word: their verb. */
    private static String simpleWord(ChatCommand command) {
        if (command instanceof ChatCommand.Savings) {
            return "savings";
        }
        if (command instanceof ChatCommand.Accounts) {
            return "accounts";
        }
        if (command instanceof ChatCommand.ShowPolicy) {
            return "policy";
        }
        if (command instanceof ChatCommand.Help) {
            return "help";
        }
        if (command instanceof ChatCommand.ConnectHelp) {
            return "connect";
        }
        if (command instanceof ChatCommand.ShowNotify) {
            return "notify";
        }
        throw new IllegalArgumentException("no words for " + command.getClass().getSimpleName().toLowerCase(Locale.ROOT));
    }
}
