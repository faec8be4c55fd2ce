package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.store.NotifyEvent;
import io.cloudsweep.engine.store.NotifyTargets;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what a person typed into a {@link ChatCommand}, the same for Slack ({@code /sweep scan}), Teams
 * ({@code @CloudSweep scan}) and the console. Anything it does not understand becomes {@link ChatCommand.Help}
 * with the problem in words, so the person gets usage instead of silence. Pure and thread-safe.
 */
public final class CommandParser {

    /** The usage text shown for {@code help} and after a mistake: what works today, then what is coming. */
    public static final String USAGE = String.join("\n",
            "help                                  this list",
            "scan [account] [region ...]           scan every connected account, or one, in all or some regions",
            "findings [rule] [--min USD] [--new-since TIME] [--from N]   open findings by rule, the costliest rule first, each",
            "                                      rule's costliest first (--new-since: first seen since a date or time such as",
            "                                      2026-12-01 or 2026-12-01T06:00:00Z; --from: from the Nth on)",
            "savings                               money saved by cleanups",
            "accounts                              connected AWS accounts, their last scan and missing permissions",
            "connect                               how to connect an AWS account (admins only)",
            "connect <role-arn> [external-id] [name]   connect an account through a role, test it, scan it",
            "connect current [name]                connect the account of CloudSweep's own credentials",
            "disconnect <account>                  disconnect an account (asks first)",
            "policy                                show the policies",
            "policy set cleanup on|off [account]   turn real cleanups on or off (admins only)",
            "policy set <rule>.<threshold> <value>   this organization's threshold, e.g. policy set ec2-idle.max-cpu-percent 3 (admins only)",
            "undo <cleanup-id>                     undo a cleanup, e.g. undo C-3",
            "audit [n]                             the last n audit entries",
            "role <@user> admin|member|viewer      change someone's role (admins only)",
            "approve F-12 | snooze F-12 7d|30d|90d | reject F-12 [reason]   the finding buttons, typed",
            "approve-low <rule>                    approve every open low-risk finding of a rule, each checked as one",
            "schedule                              what is scheduled, and where its results go",
            "schedule scan daily HH:MM [tz] | weekly DAY HH:MM [tz] | <cron> [tz] | off   scheduled scans, posted here (admins)",
            "schedule digest weekly DAY HH:MM [tz] | off   the weekly digest here, and the monthly report on the 1st (admins)",
            "digest now | digest month                 the weekly digest, or last month's report with its cleanups as CSV",
            "notify                                where notifications go besides the chats (email, webhooks)",
            "notify add email|webhook <address> [event ...] [--min USD]   add a target (admins); events: " + NotifyEvent.names(),
            "notify add here [event ...] [--min USD]   post those events in this channel too (admins)",
            "notify remove <id> | notify enable <id>   remove a target, or try a disabled one again (admins)",
            "notify me on|off                      a direct message when a cleanup you approved ends",
            "apikey create <name> [admin|member|viewer]   a key to the REST API, shown once to you alone (admins; viewer by default)",
            "apikey list | apikey revoke <name>    the keys to the REST API, or end one (admins)");

    private static final Pattern LEADING_INVOCATION = Pattern.compile(
            "^\\s*(?:/sweep\\b|<at>[^<]*</at>|@cloudsweep\\b)\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern USER = Pattern.compile("<@[A-Z0-9]+(?:\\|[^>]{0,80})?>|@?[\\p{L}\\p{N}._:'-]{1,128}");
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s<>\"]{1,64}@[A-Za-z0-9.-]{1,253}\\.[A-Za-z]{2,63}");
    /** What the Disconnect button adds to {@code disconnect <account>}: the question was answered. */
    static final String CONFIRMED = "--confirmed";
    private static final int MAX_AUDIT_ENTRIES = 500;

    private final Set<String> ruleIds;

    /** @param ruleIds the rule ids {@code findings <rule>} accepts */
    /** Control characters but whitespace. */
    static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\s]]");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** A snooze's length: days, with or without "d", "day" or "days" after them. */
    private static final Pattern SNOOZE_DAYS = Pattern.compile("(\\d{1,3})(?:d|days?)?");

    public CommandParser(Set<String> ruleIds) {
        this.ruleIds = Set.copyOf(ruleIds);
    }

    public ChatCommand parse(String text) {
        // control characters (NUL above all, which PostgreSQL cannot keep) are never part of a command
        String stripped = LEADING_INVOCATION.matcher(text == null ? "" : CONTROL.matcher(text).replaceAll("")).replaceFirst("").trim();
        if (stripped.isEmpty()) {
            return new ChatCommand.Help(Optional.empty());
        }
        List<String> words = Arrays.asList(WHITESPACE.split(stripped));
        String verb = words.get(0).toLowerCase(Locale.ROOT);
        List<String> rest = words.subList(1, words.size());
        try {
            return switch (verb) {
                case "help", "?" -> new ChatCommand.Help(Optional.empty());
                case "scan" -> scan(rest);
                case "findings" -> findings(rest);
                case "savings" -> noArguments(verb, rest, new ChatCommand.Savings());
                case "accounts" -> noArguments(verb, rest, new ChatCommand.Accounts());
                case "connect" -> connect(rest);
                case "disconnect" -> disconnect(rest);
                case "policy" -> policy(rest);
                case "schedule" -> schedule(rest);
                case "digest" -> digest(rest);
                case "notify" -> notify(rest);
                case "apikey" -> apikey(rest);
                case "undo" -> new ChatCommand.Undo(cleanupId(exactlyOne(verb, "<cleanup-id>", rest)));
                case "audit" -> audit(rest);
                case "role" -> role(rest);
                case "approve" -> new ChatCommand.Approve(findingId(exactlyOne(verb, "F-<id>", rest)));
                case "approve-low" -> new ChatCommand.ApproveLowRisk(rule(exactlyOne(verb, "<rule>", rest)));
                case "snooze" -> snooze(rest);
                case "reject" -> reject(rest);
                default -> problem("I don't know '" + shortened(words.get(0)) + "'.");
            };
        } catch (Mistake mistake) {
            return new ChatCommand.Help(Optional.of(mistake.getMessage()), Optional.of(verb));
        }
    }

    private String rule(String word) {
        if (!ruleIds.contains(word)) {
            throw new Mistake("'" + shortened(word) + "' is not a rule; rules: " + String.join(", ", ruleIds.stream().sorted().toList()));
        }
        return word;
    }

    private ChatCommand scan(List<String> rest) {
        Optional<String> account = Optional.empty();
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            String word = rest.get(i);
            if (i == 0 && !looksLikeRegion(word)) {
                account = Optional.of(account(word));
                continue;
            }
            try {
                regions.add(Region.of(word.toLowerCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new Mistake("'" + shortened(word) + "' is not a region: scan [account] [region ...], e.g. scan 123456789012 eu-west-1");
            }
        }
        return new ChatCommand.Scan(account, regions);
    }

    private ChatCommand findings(List<String> rest) {
        Optional<String> rule = Optional.empty();
        BigDecimal minimum = BigDecimal.ZERO;
        Optional<Instant> newSince = Optional.empty();
        int from = 0;
        for (int i = 0; i < rest.size(); i++) {
            String word = rest.get(i);
            if (word.equals("--new-since")) {
                if (i + 1 >= rest.size()) {
                    throw new Mistake("--new-since needs a date or time, e.g. findings --new-since 2026-12-01");
                }
                newSince = Optional.of(instant(rest.get(++i)));
            } else if (word.equals("--min")) {
                if (i + 1 >= rest.size()) {
                    throw new Mistake("--min needs an amount in USD, e.g. findings --min 50");
                }
                minimum = amount(rest.get(++i));
            } else if (word.equals("--from")) {
                if (i + 1 >= rest.size()) {
                    throw new Mistake("--from needs where the page starts, e.g. findings --from 8");
                }
                from = position(rest.get(++i));
            } else if (rule.isEmpty() && ruleIds.contains(word)) {
                rule = Optional.of(word);
            } else {
                throw new Mistake("'" + shortened(word) + "' is not a rule; rules: " + String.join(", ", ruleIds.stream().sorted().toList()));
            }
        }
        return new ChatCommand.Findings(rule, minimum, newSince, from);
    }

    private static ChatCommand connect(List<String> rest) {
        if (rest.isEmpty()) {
            return new ChatCommand.ConnectHelp();
        }
        if (rest.get(0).equalsIgnoreCase("current")) {
            if (rest.size() > 2) {
                throw new Mistake("connect current [name]");
            }
            return new ChatCommand.ConnectCurrent(rest.size() == 2 ? Optional.of(name(rest.get(1))) : Optional.empty());
        }
        if (rest.size() > 3) {
            throw new Mistake("connect <role-arn> [external-id] [name]");
        }
        if (!ROLE_ARN.matcher(rest.get(0)).matches()) {
            throw new Mistake("'" + shortened(rest.get(0)) + "' is not a role ARN such as arn:aws:iam::123456789012:role/CloudSweep"
                    + " (the role's ARN is on its page in the IAM console)");
        }
        Optional<String> externalId = rest.size() > 1 ? Optional.of(rest.get(1)) : Optional.empty();
        externalId.ifPresent(id -> {
            if (!EXTERNAL_ID.matcher(id).matches()) {
                throw new Mistake("'" + shortened(id) + "' is not an ExternalId: 2 to 1224 letters, digits or +=,.@:/-_ (leave it out to use"
                        + " this organization's, which `connect` shows)");
            }
        });
        return new ChatCommand.Connect(rest.get(0), externalId, rest.size() > 2 ? Optional.of(name(rest.get(2))) : Optional.empty());
    }

    private static ChatCommand disconnect(List<String> rest) {
        if (rest.isEmpty() || rest.size() > 2 || rest.size() == 2 && !rest.get(1).equals(CONFIRMED)) {
            throw new Mistake("disconnect <account id or name>");
        }
        return new ChatCommand.Disconnect(account(rest.get(0)), rest.size() == 2);
    }

    private static String name(String word) {
        if (!ACCOUNT.matcher(word).matches() || word.matches("\\d{12}")) {
            throw new Mistake("'" + shortened(word) + "' is not a name for an account: 1 to 64 letters, digits or ._- (not 12 digits)");
        }
        return word;
    }

    private static ChatCommand policy(List<String> rest) {
        if (rest.isEmpty()) {
            return new ChatCommand.ShowPolicy();
        }
        if (!rest.get(0).equalsIgnoreCase("set") || rest.size() < 3 || rest.size() > 4) {
            throw new Mistake("policy, or policy set <key> <value> [account], e.g. policy set cleanup on 123456789012");
        }
        String key = rest.get(1).toLowerCase(Locale.ROOT);
        // a threshold's value is kept as typed: some are tag keys, which AWS compares case by case
        String value = ThresholdCommands.isThreshold(key) ? rest.get(2) : rest.get(2).toLowerCase(Locale.ROOT);
        return new ChatCommand.SetPolicy(key, value, rest.size() == 4 ? Optional.of(account(rest.get(3))) : Optional.empty());
    }

    private static ChatCommand schedule(List<String> rest) {
        if (rest.isEmpty()) {
            return new ChatCommand.ShowSchedule();
        }
        if (rest.size() < 2) {
            throw new Mistake("schedule, schedule scan " + ScanSchedule.FORMS + " | off, or schedule digest weekly DAY HH:MM [timezone] | off");
        }
        String when = String.join(" ", rest.subList(1, rest.size()));
        return switch (rest.get(0).toLowerCase(Locale.ROOT)) {
            case "scan" -> {
                if (when.equalsIgnoreCase("off")) {
                    yield new ChatCommand.ScheduleScanOff();
                }
                try {
                    ScanSchedule.parse(rest.subList(1, rest.size()));
                } catch (IllegalArgumentException e) {
                    throw new Mistake(e.getMessage());
                }
                yield new ChatCommand.ScheduleScan(when);
            }
            case "digest" -> {
                if (when.equalsIgnoreCase("off")) {
                    yield new ChatCommand.ScheduleDigestOff();
                }
                if (!rest.get(1).equalsIgnoreCase("weekly")) {
                    throw new Mistake("'" + shortened(when) + "' is not 'weekly DAY HH:MM [timezone]', e.g. schedule digest weekly mon 09:00 Europe/London");
                }
                try {
                    ScanSchedule.parse(rest.subList(1, rest.size()));
                } catch (IllegalArgumentException e) {
                    throw new Mistake(e.getMessage().replace("schedule scan", "schedule digest"));
                }
                yield new ChatCommand.ScheduleDigest(when);
            }
            default -> throw new Mistake("schedule scan ..., or schedule digest ...");
        };
    }

    private static ChatCommand digest(List<String> rest) {
        if (rest.size() == 1 && rest.get(0).equalsIgnoreCase("now")) {
            return new ChatCommand.DigestNow(Digest.Scope.WEEK);
        }
        if (rest.size() == 1 && rest.get(0).equalsIgnoreCase("month")) {
            return new ChatCommand.DigestNow(Digest.Scope.MONTH);
        }
        throw new Mistake("digest now (the weekly digest) or digest month (last month's report)");
    }

    private static ChatCommand notify(List<String> rest) {
        if (rest.isEmpty()) {
            return new ChatCommand.ShowNotify();
        }
        String what = rest.get(0).toLowerCase(Locale.ROOT);
        if (what.equals("me") && rest.size() == 2 && (rest.get(1).equalsIgnoreCase("on") || rest.get(1).equalsIgnoreCase("off"))) {
            return new ChatCommand.NotifyMe(rest.get(1).equalsIgnoreCase("on"));
        }
        if ((what.equals("remove") || what.equals("enable")) && rest.size() == 2) {
            long id = targetId(rest.get(1));
            return what.equals("remove") ? new ChatCommand.RemoveNotify(id) : new ChatCommand.EnableNotify(id);
        }
        if (what.equals("add") && rest.size() >= 2 && rest.get(1).equalsIgnoreCase("here")) {
            return notifyEvents(NotifyTargets.Kind.CHAT, "here", rest.subList(2, rest.size()));
        }
        if (!what.equals("add") || rest.size() < 3) {
            throw new Mistake("notify, notify add email|webhook <address> [event ...] [--min USD], notify add here [event ...],"
                    + " notify remove <id>, notify enable <id>"
                    + " or notify me on|off");
        }
        NotifyTargets.Kind kind = switch (rest.get(1).toLowerCase(Locale.ROOT)) {
            case "email" -> NotifyTargets.Kind.EMAIL;
            case "webhook" -> NotifyTargets.Kind.WEBHOOK;
            default -> throw new Mistake("'" + shortened(rest.get(1)) + "' is not a kind of target: email or webhook");
        };
        String address = kind == NotifyTargets.Kind.EMAIL ? email(rest.get(2)) : webhook(rest.get(2));
        return notifyEvents(kind, address, rest.subList(3, rest.size()));
    }

    /** The events and minimum after a target's address: every event when none is named. */
    private static ChatCommand notifyEvents(NotifyTargets.Kind kind, String address, List<String> rest) {
        Set<NotifyEvent> events = new java.util.TreeSet<>();
        BigDecimal minimum = BigDecimal.ZERO;
        for (int i = 0; i < rest.size(); i++) {
            String word = rest.get(i);
            if (word.equals("--min")) {
                if (i + 1 >= rest.size()) {
                    throw new Mistake("--min needs an amount in USD a month, e.g. --min 100");
                }
                minimum = amount(rest.get(++i));
            } else {
                for (String name : word.split(",")) {
                    events.add(NotifyEvent.fromId(name.toLowerCase(Locale.ROOT))
                            .orElseThrow(() -> new Mistake("'" + shortened(name) + "' is not an event: " + NotifyEvent.names())));
                }
            }
        }
        return new ChatCommand.AddNotify(kind, address, events.isEmpty() ? Set.of(NotifyEvent.values()) : events, minimum);
    }

    private static long targetId(String word) {
        if (word.matches("#?\\d{1,12}")) {
            return Long.parseLong(word.replace("#", ""));
        }
        throw new Mistake("'" + shortened(word) + "' is not a target's number, such as 3 (`notify` lists them)");
    }

    private static String email(String word) {
        if (word.length() > 254 || !EMAIL.matcher(word).matches()) {
            throw new Mistake("'" + shortened(word) + "' is not an email address such as ops@example.com");
        }
        return word;
    }

    /**
     * An https URL (plain http only to this machine, for tests and local receivers), without credentials in it, and not
     * a link-local address such as the cloud's instance metadata service.
     */
    private static String webhook(String word) {
        String url = word.startsWith("<") && word.endsWith(">") ? word.substring(1, word.length() - 1).split("\\|")[0] : word;
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new Mistake("'" + shortened(url) + "' is not a URL such as https://hooks.example.com/cloudsweep");
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        if (url.length() > 2000 || host.isEmpty() || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && loopback)) {
            throw new Mistake("'" + shortened(url) + "' is not a webhook URL: https://host/path, with no user or password in it (http only to localhost)");
        }
        if (host.startsWith("169.254.") || host.startsWith("[fe80:") || host.equals("[fd00:ec2::254]")) {
            throw new Mistake("'" + shortened(host) + "' is a link-local address (such as the instance metadata service): not a webhook");
        }
        return url;
    }

    private static ChatCommand audit(List<String> rest) {
        if (rest.isEmpty()) {
            return new ChatCommand.Audit(20);
        }
        String word = exactlyOne("audit", "[n]", rest);
        try {
            int entries = Integer.parseInt(word);
            if (entries >= 1 && entries <= MAX_AUDIT_ENTRIES) {
                return new ChatCommand.Audit(entries);
            }
        } catch (NumberFormatException notANumber) {
            // fall through to the message
        }
        throw new Mistake("audit [n]: n is a number from 1 to " + MAX_AUDIT_ENTRIES);
    }

    private static ChatCommand role(List<String> rest) {
        if (rest.size() != 2) {
            throw new Mistake("role <@user> admin|member|viewer");
        }
        if (!USER.matcher(rest.get(0)).matches()) {
            throw new Mistake("'" + shortened(rest.get(0)) + "' is not a user: mention them, e.g. role @ana admin");
        }
        try {
            return new ChatCommand.SetRole(rest.get(0), Role.fromId(rest.get(1).toLowerCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new Mistake("'" + shortened(rest.get(1)) + "' is not a role: admin, member or viewer");
        }
    }

    private static ChatCommand snooze(List<String> rest) {
        if (rest.size() != 2) {
            throw new Mistake("snooze F-<id> 7d|30d|90d");
        }
        Matcher days = SNOOZE_DAYS.matcher(rest.get(1).toLowerCase(Locale.ROOT));
        if (!days.matches() || !ChatCommand.Snooze.DAYS.contains(Integer.parseInt(days.group(1)))) {
            throw new Mistake("a finding snoozes for 7, 30 or 90 days, not '" + rest.get(1) + "'");
        }
        return new ChatCommand.Snooze(findingId(rest.get(0)), Integer.parseInt(days.group(1)));
    }

    private static ChatCommand reject(List<String> rest) {
        if (rest.isEmpty()) {
            throw new Mistake("reject F-<id> [reason]");
        }
        String reason = String.join(" ", rest.subList(1, rest.size())).trim();
        return new ChatCommand.Reject(findingId(rest.get(0)), reason.isEmpty() ? Optional.empty() : Optional.of(reason));
    }

    private static ChatCommand noArguments(String verb, List<String> rest, ChatCommand command) {
        if (!rest.isEmpty()) {
            throw new Mistake(verb + " takes nothing after it");
        }
        return command;
    }

    private static String exactlyOne(String verb, String what, List<String> rest) {
        if (rest.size() != 1) {
            throw new Mistake(verb + " " + what);
        }
        return rest.get(0);
    }

    private static FindingId findingId(String word) {
        return FindingId.parse(word).orElseThrow(() -> new Mistake("'" + shortened(word) + "' is not a finding id such as F-12"));
    }

    private static CleanupId cleanupId(String word) {
        return CleanupId.parse(word).orElseThrow(() -> new Mistake("'" + shortened(word) + "' is not a cleanup id such as C-3"));
    }

    /** A date (its start, UTC) or an ISO-8601 instant. */
    private static Instant instant(String word) {
        try {
            return word.length() == 10 ? LocalDate.parse(word).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(word);
        } catch (DateTimeParseException e) {
            throw new Mistake("'" + shortened(word) + "' is not a date such as 2026-12-01 or a UTC time such as 2026-12-01T06:00:00Z");
        }
    }

    private static int position(String word) {
        if (word.matches("\\d{1,6}")) {
            return Integer.parseInt(word);
        }
        throw new Mistake("'" + shortened(word) + "' is not a position in the list, e.g. findings --from 8");
    }

    private static String account(String word) {
        if (!ACCOUNT.matcher(word).matches()) {
            throw new Mistake("'" + shortened(word) + "' is not an account id or name");
        }
        return word;
    }

    private static BigDecimal amount(String word) {
        try {
            BigDecimal amount = new BigDecimal(word.replaceFirst("^\\$", ""));
            if (amount.signum() >= 0) {
                return amount;
            }
        } catch (NumberFormatException notANumber) {
            // fall through to the message
        }
        throw new Mistake("'" + shortened(word) + "' is not an amount in USD");
    }

    private static boolean looksLikeRegion(String word) {
        try {
            Region.of(word.toLowerCase(Locale.ROOT));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private ChatCommand apikey(List<String> rest) {
        String usage = "apikey create <name> [admin|member|viewer] | apikey list | apikey revoke <name>";
        if (rest.isEmpty()) {
            throw new Mistake(usage);
        }
        switch (rest.get(0).toLowerCase(Locale.ROOT)) {
            case "list" -> {
                if (rest.size() != 1) {
                    throw new Mistake("apikey list takes nothing after it");
                }
                return new ChatCommand.ListApiKeys();
            }
            case "create" -> {
                if (rest.size() < 2 || rest.size() > 3) {
                    throw new Mistake("apikey create <name> [admin|member|viewer], e.g. apikey create jira viewer");
                }
                Role role = rest.size() == 3 ? role(rest.get(2)) : Role.VIEWER;
                return new ChatCommand.CreateApiKey(apiKeyName(rest.get(1)), role);
            }
            case "revoke" -> {
                if (rest.size() != 2) {
                    throw new Mistake("apikey revoke <name>, e.g. apikey revoke jira");
                }
                return new ChatCommand.RevokeApiKey(apiKeyName(rest.get(1)));
            }
            default -> throw new Mistake("'" + shortened(rest.get(0)) + "' is not an apikey command: " + usage);
        }
    }

    private static String apiKeyName(String word) {
        if (!io.cloudsweep.engine.store.ApiKeys.NAME.matcher(word).matches()) {
            throw new Mistake("'" + shortened(word) + "' is not a key name: 1 to 40 letters, digits or ._-");
        }
        return word;
    }

    private static Role role(String word) {
        try {
            return Role.fromId(word.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Mistake("'" + shortened(word) + "' is not a role: admin, member or viewer");
        }
    }

    /** At most 40 characters of what someone typed, to quote back. */
    public static String shortened(String typed) {
        return typed.length() <= 40 ? typed : typed.substring(0, 39) + "…";
    }

    /**
     * The usage lines of {@code verb}: those whose syntax (before the description) it starts or follows a {@code |} in,
     * with their continuations.
     */
    public static List<String> usageOf(String verb) {
        List<String> lines = new ArrayList<>();
        boolean continuing = false;
        Pattern starts = Pattern.compile("(^|\\| )" + Pattern.quote(verb) + "(\\s|$)");
        for (String line : USAGE.split("\n")) {
            boolean continuation = line.startsWith(" ");
            if (continuation ? continuing : starts.matcher(line.split("\\s{3,}", 2)[0]).find()) {
                lines.add(line);
                continuing = true;
            } else {
                continuing = false;
            }
        }
        return lines;
    }

    private static ChatCommand problem(String message) {
        return new ChatCommand.Help(Optional.of(message));
    }

    /** A mistake in what was typed, with the right way in its message. */
    private static final class Mistake extends RuntimeException {
        Mistake(String message) {
            super(message, null, false, false);
        }
    }
}
