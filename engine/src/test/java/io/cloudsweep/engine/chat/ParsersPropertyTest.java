package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.config.InvalidConfigurationException;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Whatever is typed, pressed or configured: the command parser, the buttons' values and the settings either understand
 * it or say in a sentence what is wrong; nothing else escapes them, and no answer repeats a huge input back.
 */
class ParsersPropertyTest {

    private static final Set<String> RULES = new HashSet<>(RuleSet.standard(Settings.empty()).ids());
    private static final CommandParser PARSER = new CommandParser(RULES);
    private static final ButtonCodec CODEC = new ButtonCodec(PARSER);
    /** The longest problem worth reading. */
    private static final int READABLE = 400;

    private static void understoodOrSaid(ChatCommand command) {
        assertThat(command).isNotNull();
        if (command instanceof ChatCommand.Help help && help.problem().isPresent()) {
            assertThat(help.problem().get()).isNotBlank().hasSizeLessThanOrEqualTo(READABLE);
        }
    }

    @Property(tries = 2000)
    void anyTextIsACommandOrHelpSayingWhatIsWrong(@ForAll String text) {
        understoodOrSaid(PARSER.parse(text));
    }

    @Property(tries = 1000)
    void noCommandKeepsAControlCharacter(@ForAll("phrases") String text, @ForAll("controls") String control) {
        ChatCommand command = PARSER.parse(text.replace(" ", control + " ") + control);
        assertThat(command.toString()).doesNotContain("\u0000", "\u0007", "\u001b");
        ChatCommand.Reject reject = new ChatCommand.Reject(FindingId.of(1), Optional.of(control + text + control));
        assertThat(reject.reason().orElse("")).doesNotContain("\u0000", "\u0007", "\u001b");
    }

    @Provide
    Arbitrary<String> controls() {
        return Arbitraries.of("\u0000", "\u0007", "\u001b", "\u0000\u0000");
    }

    @Property(tries = 3000)
    void textsMadeOfTheCommandsOwnWordsAreACommandOrHelpSayingWhatIsWrong(@ForAll("phrases") String text) {
        understoodOrSaid(PARSER.parse(text));
    }

    @Property(tries = 1000)
    void anyButtonValueIsACommandOrHelp(@ForAll("phrases") String value) {
        understoodOrSaid(CODEC.command(value));
        understoodOrSaid(CODEC.command(value.repeat(40)));
    }

    @Property(tries = 1000)
    void everyButtonsValueReadsBackAsItsCommand(@ForAll("buttons") ChatCommand command) {
        assertThat(CODEC.command(CODEC.value(command))).isEqualTo(command);
    }

    @Property(tries = 1000)
    void anySettingsAreReadOrRefusedNamingTheSetting(@ForAll("settings") Map<String, String> values) {
        Settings settings = Settings.of(values);
        Throwable thrown = catchThrowable(() -> {
            RuleSet.standard(settings);
            Protection.from(settings);
            RiskPolicy.Parameters.from(settings);
            settings.requireNoUnknownKeys();
        });
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InvalidConfigurationException.class);
            assertThat(thrown.getMessage()).hasSizeLessThanOrEqualTo(READABLE * 4)
                    .satisfies(message -> assertThat(values.keySet()).anyMatch(message::contains));
        }
    }

    /** The words of the commands, ids and numbers (some out of range), regions, flags, and a little noise, in any order. */
    @Provide
    Arbitrary<String> phrases() {
        Arbitrary<String> word = Arbitraries.oneOf(
                Arbitraries.of("scan", "findings", "approve", "approve-low", "snooze", "reject", "undo", "savings", "accounts", "connect",
                        "disconnect", "policy", "schedule", "digest", "audit", "role", "notify", "apikey", "create", "list", "revoke", "help",
                        "exclude", "set", "off", "daily", "weekly", "monthly", "now", "at", "on", "--min", "--new-since", "--from", "admin",
                        "member", "viewer", "7d", "30d", "90d", "F-", "C-", "$", "@", "<@U0ANA>", "<#C0OPS|ops>", "\u00a0", "\t"),
                Arbitraries.of(RULES.toArray(String[]::new)),
                Arbitraries.longs().map(n -> "F-" + n), Arbitraries.longs().map(n -> "C-" + n),
                Arbitraries.strings().numeric().ofMaxLength(30),
                Arbitraries.of("us-east-1", "eu-west-1", "mars-1", "EU-WEST-1", "123456789012", "arn:aws:iam::123456789012:role/x",
                        "2026-12-01", "2026-13-45", "15:00", "25:61", "1e9", "-5", "0.5", "NaN", "∞"),
                Arbitraries.strings().ofMaxLength(12));
        return word.list().ofMaxSize(8).map(words -> String.join(" ", words));
    }

    /** The commands buttons carry. */
    @Provide
    Arbitrary<ChatCommand> buttons() {
        Arbitrary<FindingId> finding = Arbitraries.longs().between(1, Long.MAX_VALUE).map(FindingId::of);
        return Arbitraries.oneOf(
                finding.map(ChatCommand.Approve::new),
                Combinators.combine(finding, Arbitraries.of(ChatCommand.Snooze.DAYS)).as(ChatCommand.Snooze::new),
                finding.map(id -> new ChatCommand.Reject(id, Optional.empty())),
                Arbitraries.longs().between(1, Long.MAX_VALUE).map(id -> new ChatCommand.Undo(CleanupId.of(id))),
                Arbitraries.of(RULES.toArray(String[]::new)).map(ChatCommand.ApproveLowRisk::new),
                Combinators.combine(Arbitraries.of(RULES.toArray(String[]::new)).optional(), Arbitraries.integers().between(0, 500),
                        Arbitraries.integers().between(0, 100_000))
                        .as((rule, min, from) -> new ChatCommand.Findings(rule, BigDecimal.valueOf(min), Optional.empty(), from)));
    }

    /** Values for the settings the readers know (and one they do not), each a number, a word, a list or noise. */
    @Provide
    Arbitrary<Map<String, String>> settings() {
        Settings probe = Settings.empty();
        RuleSet.standard(probe);
        Protection.from(probe);
        RiskPolicy.Parameters.from(probe);
        List<String> keys = new ArrayList<>(probe.knownKeys());
        keys.add("ec2-idle.max-cpu-percents");
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.integers().map(String::valueOf), Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("", " ", "true", "no", "1e999999999", "1e-2147483648", "1,2,,3", ",", "high", "low", "Name=keep,Team=*",
                        "9".repeat(400)),
                Arbitraries.strings().ofMaxLength(30));
        return Arbitraries.maps(Arbitraries.of(keys), value).ofMaxSize(4);
    }
}
