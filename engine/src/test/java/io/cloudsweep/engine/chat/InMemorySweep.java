package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.ApprovalPolicy;
import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.cleanup.CleanupLimits;
import io.cloudsweep.engine.cleanup.CleanupService;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.demo.DemoCleanupActions;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.OrganizationRules;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.testing.MovingClock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CloudSweep wired in memory around the demo account: the real interpreter, conversation driver, approval rules and
 * cleanup service over {@link MemoryStores}, cleanups run as soon as they are queued, and a clock the test moves on.
 * What a chat test needs, in milliseconds, without a database or a JVM of its own.
 */
final class InMemorySweep {

    static final Instant START = Instant.parse("2026-11-26T15:00:00Z");
    static final Actor ADMIN = new Actor("U0ANA", Role.ADMIN);
    static final Actor SECOND_ADMIN = new Actor("U0BO", Role.ADMIN);
    static final Actor MEMBER = new Actor("U0CY", Role.MEMBER);
    static final Actor VIEWER = new Actor("U0VI", Role.VIEWER);

    final MovingClock clock = new MovingClock(START);
    final DemoCloud cloud = DemoCloud.at(START);
    final MemoryStores stores = new MemoryStores(clock);
    final Organization organization;
    final List<Card> shownAgain = new ArrayList<>();
    /** What a connection test finds: the test sets it; each probe is counted. */
    final TestConnector connector = new TestConnector();
    /** Schedules as set, by organization. */
    final MemorySchedules schedules = new MemorySchedules();
    /** Scans as queued: run at once unless the test says another replica takes them. */
    final MemoryScans scanQueue = new MemoryScans(clock);
    /** A digest's figures, as the test sets them. */
    final CannedReports reports = new CannedReports(stores);
    final MemoryDigestSchedules digestSchedules = new MemoryDigestSchedules();
    final MemoryNotifyTargets notifyTargets = new MemoryNotifyTargets();
    final MemoryDirectNotices directNotices = new MemoryDirectNotices();
    final MemoryApiKeys apiKeys = new MemoryApiKeys();
    /** AWS's spend figures, as the test sets them: none read unless it does. */
    volatile io.cloudsweep.engine.report.SpendReader spend = (org, account, types, first) ->
            new io.cloudsweep.engine.report.SpendReader.Answer.Unavailable("ce:GetCostAndUsage is not granted");
    /** Charts as drawn: the trend each was drawn from. */
    final List<List<io.cloudsweep.engine.report.Digest.TrendPoint>> charts = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** A PNG signature and the trend's length: enough to tell a chart was drawn and carried, without drawing. */
    private final io.cloudsweep.engine.report.ChartRenderer chart = (trend, width, height) -> {
        charts.add(trend);
        return new byte[] {(byte) 0x89, 'P', 'N', 'G', (byte) trend.size()};
    };
    final CommandInterpreter interpreter;
    final ConversationDriver driver;

    InMemorySweep() {
        this(CleanupLimits.defaults());
    }

    /** The sweep of {@code organization}: a Slack workspace unless the test says otherwise. */
    InMemorySweep(Organization organization) {
        this(CleanupLimits.defaults(), organization);
    }

    InMemorySweep(CleanupLimits limits) {
        this(limits, new Organization(7, Organization.Platform.SLACK, "T0ACME", "Acme"));
    }

    private InMemorySweep(CleanupLimits limits, Organization organization) {
        this.organization = organization;
        stores.connect(organization.id(), DemoCloud.ACCOUNT, true);
        RuleSet rules = RuleSet.standard(Settings.empty());
        OrganizationRules organizationRules = new OrganizationRules(Settings.empty());
        RiskPolicy risk = new RiskPolicy(RiskPolicy.Parameters.defaults());
        CleanupService cleanups = new CleanupService(stores, cloud, new DemoCleanupActions(cloud, clock),
                org -> organizationRules.rules(stores.ruleThresholds(org)), new Pricer(PriceBook.embedded()), risk, Protection.from(Settings.empty()), clock);
        ScanService scans = new ScanService(cloud, rules, new Pricer(PriceBook.embedded()), risk, Protection.from(Settings.empty()), clock, 3);
        ScanRunner runner = (org, account, regions, startedBy, listener) -> {
            if (account.isPresent() && !account.get().equals(DemoCloud.ACCOUNT.id())) {
                AccountSettings.ConnectedAccount other = stores.accounts(org.id()).stream().filter(a -> a.isCalled(account.get())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("Account " + account.get() + " is not connected."));
                Instant now = clock.instant();
                ScanReport empty = new ScanReport(startedBy, now, now, List.of(new Account(other.accountId(), other.name())), List.of(),
                        List.of(), List.of(), 0, List.of(), List.of());
                return new ScanRunner.Outcome(empty, stores.save(org, empty));
            }
            ScanReport report = scans.withRules(organizationRules.rules(stores.ruleThresholds(org.id()))).scan(new ScanRequest(List.of(DemoCloud.ACCOUNT), regions.isEmpty() ? Optional.empty() : Optional.of(regions),
                    Money.ZERO, startedBy), listener);
            return new ScanRunner.Outcome(report, stores.save(org, report));
        };
        interpreter = new CommandInterpreter(new CommandParser(new HashSet<>(rules.ids())), new CommandInterpreter.Ports(stores, stores, stores,
                cleanups, cleanupId -> cleanups.advance(cleanupId, "cloudsweep", step -> { }), stores, stores, stores, runner, connector, schedules, scanQueue,
                new io.cloudsweep.engine.report.Digests(reports, reports,
                (org, account, types, first) -> spend.spend(org, account, types, first), clock), digestSchedules, chart, notifyTargets, directNotices, apiKeys),
                new ApprovalPolicy(), limits, organizationRules, clock);
        driver = new ConversationDriver(interpreter, new Tracking(), Duration.ZERO);
    }

    /** A chat whose directory knows ana, bo and cy by their @names, and which asks for a reason in a dialog. */
    MemoryChat chat() {
        return new MemoryChat(Map.of("@ana", "U0ANA", "@bo", "U0BO", "<@U0CY|cy>", "U0CY"), true);
    }

    void typed(MemoryChat chat, Actor actor, String text) {
        driver.typed(chat, organization, actor, text);
    }

    /** Presses the button of {@code card} whose label starts with {@code label}, on the message that shows it. */
    void press(MemoryChat chat, Actor actor, MemoryChat.Message message, String label) {
        driver.pressed(chat, organization, actor, button(message.card(), label).command(), new ConversationDriver.Press(message.id(), message.thread()));
    }

    static Card.Button button(Card card, String label) {
        List<Card.Button> buttons = card instanceof Card.FindingCard finding ? finding.buttons()
                : card instanceof Card.ScanSummary summary ? summary.buttons()
                : card instanceof Card.ShowMore more ? List.of(more.button())
                : card instanceof Card.Question question ? question.buttons() : List.of();
        return buttons.stream().filter(button -> button.label().startsWith(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no button '" + label + "' on " + Cards.summary(card)));
    }

    /** Schedules in memory: what the chat set, for the test to read. */
    static final class MemorySchedules implements ScanSchedules {
        final Map<Long, Scheduled> byOrganization = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<Long, ScanSchedule> parsed = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Optional<String> schedule(Organization organization, String conversation, ScanSchedule schedule, String actor) {
            byOrganization.put(organization.id(), new Scheduled(schedule.words(), schedule.zone(), organization.platform(), conversation, actor,
                    Optional.empty()));
            parsed.put(organization.id(), schedule);
            return Optional.empty();
        }

        @Override
        public Optional<Scheduled> scheduled(long organizationId) {
            return Optional.ofNullable(byOrganization.get(organizationId));
        }

        @Override
        public boolean off(long organizationId, String actor) {
            parsed.remove(organizationId);
            return byOrganization.remove(organizationId) != null;
        }
    }

    static final class MemoryDigestSchedules implements DigestSchedules {
        final Map<String, Scheduled> byConversation = new java.util.concurrent.ConcurrentHashMap<>();
        final Map<String, ScanSchedule> parsed = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Optional<String> schedule(Organization organization, String conversation, ScanSchedule weekly, String actor) {
            byConversation.put(organization.id() + "/" + conversation, new Scheduled(weekly.words(), weekly.zone(), organization.platform(),
                    conversation, actor, Optional.empty(), Optional.empty()));
            parsed.put(organization.id() + "/" + conversation, weekly);
            return Optional.empty();
        }

        @Override
        public List<Scheduled> scheduled(long organizationId) {
            return byConversation.entrySet().stream().filter(e -> e.getKey().startsWith(organizationId + "/")).map(Map.Entry::getValue).toList();
        }

        @Override
        public boolean off(long organizationId, String conversation) {
            parsed.remove(organizationId + "/" + conversation);
            return byConversation.remove(organizationId + "/" + conversation) != null;
        }
    }

    /** A connector whose next probe answers what the test set; it counts the probes and remembers the last ExternalId. */
    static final class TestConnector implements AccountConnector {
        volatile Probe next = new Probe.Unreachable("nothing set");
        final java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();
        volatile Optional<String> lastExternalId = Optional.empty();

        @Override
        public Optional<Principal> principal() {
            return Optional.of(new Principal("999988887777", "arn:aws:iam::999988887777:role/cloudsweep-server"));
        }

        @Override
        public Probe probe(Optional<String> roleArn, Optional<String> externalId) {
            probes.incrementAndGet();
            lastExternalId = externalId;
            return next;
        }

        /** Reaches {@code accountId} with every permission granted but {@code missing}. */
        static Probe.Reached reaching(String accountId, String... missing) {
            List<String> gone = List.of(missing);
            java.util.function.Function<String, Permission> permission = action -> new Permission(action, "what " + action + " is for",
                    gone.contains(action) ? Permission.Status.MISSING : Permission.Status.GRANTED);
            return new Probe.Reached(accountId,
                    List.of("ec2:DescribeVolumes", "elasticloadbalancing:DescribeTargetHealth").stream().map(permission).toList(),
                    List.of("ec2:CreateSnapshot", "ec2:DeleteVolume").stream().map(permission).toList(), "4 AWS calls in 0.1 s");
        }
    }

    /** The chat's record of where cards are: what the driver hands it, in order. */
    private final class Tracking implements CardTracking {
        @Override
        public void posted(String conversation, String messageId, Card.FindingCard card) {
        }

        @Override
        public void replace(String conversation, String messageId, Card.FindingCard card, java.util.function.Consumer<Card> show) {
            show.accept(card);
        }

        @Override
        public void show(Card card) {
            synchronized (shownAgain) {
                shownAgain.add(card);
            }
        }
    }
}
