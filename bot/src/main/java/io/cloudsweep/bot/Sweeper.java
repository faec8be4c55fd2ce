package io.cloudsweep.bot;

import io.cloudsweep.bot.jobs.CleanupWorker;
import io.cloudsweep.bot.jobs.JobScheduler;
import io.cloudsweep.bot.jobs.QueuedScans;
import io.cloudsweep.bot.notify.Deliveries;
import io.cloudsweep.bot.notify.EmailSender;
import io.cloudsweep.bot.notify.SmtpSettings;
import io.cloudsweep.bot.notify.WebhookSender;
import io.cloudsweep.bot.report.TrendChart;
import io.cloudsweep.engine.approval.ApprovalPolicy;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.Cards;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.engine.chat.ChatRuntime;
import io.cloudsweep.engine.chat.CommandInterpreter;
import io.cloudsweep.engine.chat.CommandParser;
import io.cloudsweep.engine.chat.RoleLookup;
import io.cloudsweep.engine.chat.ScanQueue;
import io.cloudsweep.engine.chat.ScanRunner;
import io.cloudsweep.engine.cleanup.CleanupService;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.CleanupId;
import io.cloudsweep.engine.model.FindingId;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.report.Digest;
import io.cloudsweep.engine.report.Digests;
import io.cloudsweep.engine.scan.InventoryException;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.engine.store.CardLocations;
import io.cloudsweep.engine.store.FindingQueries;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.AwsAccounts;
import io.cloudsweep.storage.ChatDeliveries;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.Members;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.Outbox;
import io.cloudsweep.storage.PostgresApiKeys;
import io.cloudsweep.storage.PostgresAuditLog;
import io.cloudsweep.storage.PostgresCardLocations;
import io.cloudsweep.storage.PostgresCleanupStore;
import io.cloudsweep.storage.PostgresDecisions;
import io.cloudsweep.storage.PostgresDirectNotices;
import io.cloudsweep.storage.PostgresFindingStore;
import io.cloudsweep.storage.PostgresMemberRoles;
import io.cloudsweep.storage.PostgresNotifyTargets;
import io.cloudsweep.storage.PostgresReports;
import io.cloudsweep.storage.RateLimits;
import io.cloudsweep.storage.Reminders;
import io.cloudsweep.storage.ScanRuns;
import io.cloudsweep.storage.SecretBox;
import io.cloudsweep.storage.SpendCache;
import io.micrometer.core.instrument.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * A running CloudSweep, wired: the database's stores, the connected cloud, the scheduler running cleanups and
 * the interpreter every chat talks to. Close it to stop the scheduler (running cleanups finish first).
 */
public final class Sweeper implements AutoCloseable {

    private final CommandInterpreter interpreter;
    private final JobScheduler scheduler;
    private final Organization console;
    private final List<ChatListener> listeners;
    private final Database database;
    private final Clouds clouds;
    private final Map<Organization.Platform, ChatTarget> chatTargets;
    private final FindingQueries findings;
    private final AwsAccounts accounts;
    private final Clock clock;
    /** Organizations are never deleted or renamed while the server runs, so each is looked up once. */
    private final Map<String, Organization> organizations = new ConcurrentHashMap<>();

    /**
     * Where a platform's jobs post: {@code scheduled} when a scan schedule fires (the organization and the conversation
     * it was set in), {@code queued} when this replica takes a queued scan, {@code snoozeEnded} when a snooze ends (the
     * conversation its card was in), {@code digest} when a digest schedule fires, {@code notice} to say something of
     * the server's own accord (an alert in a failed cleanup's card thread, a notification in a channel that takes them),
     * {@code direct} to tell one person alone.
     */
    public record ChatTarget(BiConsumer<Organization, String> scheduled, BiConsumer<Organization, ScanQueue.QueuedScan> queued,
                             SnoozeEnded snoozeEnded, DigestDue digest, NoticeDue notice, DirectDue direct) {

        /** What a chat's runtime does of its own accord, each as the runtime does it. */
        public static ChatTarget of(ChatRuntime chat) {
            return new ChatTarget(chat::scheduledScan, chat::queuedScan, chat::snoozeEnded, chat::digest, chat::notice, chat::direct);
        }
    }

    /** Tells {@code userId} alone, in a direct message, what {@code card} says; {@code near} is a conversation the chat may reach them through. */
    @FunctionalInterface
    public interface DirectDue {
        void post(Organization organization, String userId, Optional<String> near, Card card);
    }

    /** Posts {@code card} in {@code conversation}, in the thread of {@code thread} when given. */
    @FunctionalInterface
    public interface NoticeDue {
        void post(Organization organization, String conversation, Optional<String> thread, Card card);
    }

    /**
     * How notifications leave: the key that seals webhook secrets, the SMTP server (none: no email), how deliveries are
     * retried and how often the outbox is looked at, the configured admins an alert calls, after how long an
     * approval waiting for a second admin is reminded of; and the nightly upkeep (audit export, retention).
     */
    public record Notifying(SecretBox secrets, Optional<SmtpSettings> smtp, Outbox.Policy policy, Duration deliverEvery, Set<String> admins,
                            Duration remindAfter, Upkeep upkeep) {

        /**
         * From the environment: {@code CLOUDSWEEP_SMTP_*}, {@code CLOUDSWEEP_ADMINS}, and the nightly upkeep's
         * {@code CLOUDSWEEP_AUDIT_*} and {@code CLOUDSWEEP_RETENTION_DAYS}.
         *
         * @throws IllegalArgumentException when a setting is wrong, saying what is valid
         */
        public static Notifying fromEnvironment(Map<String, String> environment, SecretBox secrets) {
            return new Notifying(secrets, SmtpSettings.fromEnvironment(environment), Outbox.Policy.defaults(), Duration.ofSeconds(5),
                    Roles.configured(environment), Digests.WAITING, Upkeep.fromEnvironment(environment));
        }

        /** Webhooks only (their secrets sealed under a key of this run), for tools that start CloudSweep without its settings. */
        public static Notifying withoutEmail() {
            return new Notifying(SecretBox.fromBase64(SecretBox.newKey()), Optional.empty(), Outbox.Policy.defaults(), Duration.ofSeconds(5),
                    Set.of(), Digests.WAITING, Upkeep.defaults());
        }
    }

    /** Posts the organization's digest (weekly, or last month's report) in {@code conversation}, its weeks starting in {@code zone}. */
    @FunctionalInterface
    public interface DigestDue {
        void post(Organization organization, String conversation, Digest.Scope scope, ZoneId zone);
    }

    /** Opens a finding whose snooze ended and posts its card in {@code conversation}. */
    @FunctionalInterface
    public interface SnoozeEnded {
        void post(Organization organization, String conversation, long findingId);
    }

    /** How long a scan may go without reporting before its accounts are free again: its replica is taken for dead. */
    public static final Duration SCAN_SILENT_FOR = Duration.ofMinutes(15);
    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private Sweeper(CommandInterpreter interpreter, JobScheduler scheduler, Organization console, List<ChatListener> listeners,
                    Database database, Clouds clouds, FindingQueries findings, AwsAccounts accounts, Clock clock,
                    Map<Organization.Platform, ChatTarget> chatTargets) {
        this.chatTargets = chatTargets;
        this.interpreter = interpreter;
        this.scheduler = scheduler;
        this.console = console;
        this.listeners = listeners;
        this.database = database;
        this.clouds = clouds;
        this.findings = findings;
        this.accounts = accounts;
        this.clock = clock;
    }

    /**
     * Wires CloudSweep over {@code clouds}: the accounts each organization connected, and with {@code --demo} the demo
     * account in every organization (its cleanups on, since its state is in memory); starts the scheduler and queues the
     * cleanups a previous run left unfinished.
     */
    public static Sweeper start(Database database, EngineSettings settings, Clouds clouds, Clock clock, JobScheduler.Options options) {
        return start(database, settings, clouds, clock, options, Notifying.withoutEmail());
    }

    /** As {@link #start(Database, EngineSettings, Clouds, Clock, JobScheduler.Options)}, notifications leaving as {@code notifying} says. */
    public static Sweeper start(Database database, EngineSettings settings, Clouds clouds, Clock clock, JobScheduler.Options options,
                                Notifying notifying) {
        Organization console = new Organizations(database).console();
        AwsAccounts accounts = new AwsAccounts(database, clock);
        clouds.demoAccount().ifPresent(demo -> accounts.connect(console.id(), demo.id(), demo.name(), Optional.empty(), Optional.empty(), true));
        List<ChatListener> listeners = new CopyOnWriteArrayList<>();
        ChatListener listener = ChatListener.all(listeners);
        PostgresDecisions decisions = new PostgresDecisions(database);
        PostgresCleanupStore cleanups = new PostgresCleanupStore(database, clock);
        CleanupService cleanupService = settings.cleanupService(cleanups, clouds, clouds, organization -> settings.rulesOf(accounts, organization),
                clock);
        CommandParser parser = new CommandParser(new HashSet<>(settings.rules().ids()));
        ApprovalPolicy policy = new ApprovalPolicy();
        Map<Organization.Platform, ChatTarget> chatTargets = new ConcurrentHashMap<>();
        Organizations organizations = new Organizations(database);
        ScanRuns runs = new ScanRuns(database, clock, SCAN_SILENT_FOR);
        PostgresCardLocations locations = new PostgresCardLocations(database);
        PostgresDirectNotices direct = new PostgresDirectNotices(database, clock);
        Alerts alerts = new Alerts(chatTargets, listener, locations, database.jdbi().onDemand(Members.class), notifying.admins(),
                id -> organization(organizations, id), direct);
        CleanupWorker worker = new CleanupWorker(cleanupService, cleanups, decisions, new Cards(settings.cleanupLimits().undoWindow()), clock,
                listener, (cleanup, end, finding) -> {
                    Metrics.counter("cloudsweep_cleanups", "outcome", end.id(), "dry_run", String.valueOf(cleanup.dryRun())).increment();
                    LOG.info("cleanup {} of finding {} ended {}{}", CleanupId.of(cleanup.id()), FindingId.of(cleanup.findingId()), end.id(),
                            cleanup.dryRun() ? " (dry run)" : "");
                    alerts.cleanupEnded(cleanup, end, finding);
                });
        Deliveries deliveries = new Deliveries(new Outbox(database, notifying.secrets(), notifying.policy(), clock), new TrendChart(),
                new WebhookSender(clock), notifying.smtp().map(EmailSender::new), (organizationId, platform, conversation, card) -> {
                    ChatTarget target = chatTargets.get(platform);
                    if (target != null) {
                        target.notice().post(organization(organizations, organizationId), conversation, Optional.empty(), card);
                    } else if (platform == Organization.Platform.CONSOLE) {
                        listener.show(card);
                    } else {
                        return new Outbox.Failed("this replica does not serve " + platform.id(), false);
                    }
                    return new Outbox.Delivered();
                });
        Reminders reminders = new Reminders(database, notifying.remindAfter(), clock);
        // the scheduler runs scans the API asked for through the interpreter, which is wired with the scheduler below
        AtomicReference<CommandInterpreter> interpreterOnceWired = new AtomicReference<>();
        JobScheduler scheduler = JobScheduler.start(database, JobScheduler.Runners.cleanups(worker)
                .withScheduledScans((organizationId, platform, conversation) ->
                        target(chatTargets, platform).scheduled().accept(organization(organizations, organizationId), conversation))
                .withQueuedScans((scanId, recovering) -> runs.take(scanId).ifPresent(scan -> {
                    LOG.info("scan {} for {} started (attempt {})", scanId, scan.order().platform().id(), scan.attempt());
                    if (recovering) {
                        LOG.info("scan {} was running on a replica that stopped; running it again (attempt {})", scanId, scan.attempt());
                    }
                    try {
                        Organization organization = organization(organizations, scan.order().organizationId());
                        if (scan.order().headless()) {
                            interpreterOnceWired.get().runQueued(organization, scan, ChatListener.NONE);
                        } else {
                            target(chatTargets, scan.order().platform()).queued().accept(organization, scan);
                        }
                    } catch (RuntimeException e) {
                        runs.finished(scanId, "failed: " + e.getMessage());
                        throw e;
                    }
                }))
                .withSnoozes(() -> snoozesEnded(chatTargets, organizations, locations, decisions, clock, SNOOZES_PAGE))
                .withDigests((organizationId, platform, conversation, scope, zone) ->
                        target(chatTargets, platform).digest().post(organization(organizations, organizationId), conversation, scope, zone))
                .withDeliveries(() -> deliveries.run().disabled().forEach(alerts::disabled))
                .withReminders(() -> reminders.take().forEach(alerts::remind))
                .withNightly(notifying.upkeep().nightly(database, clock)),
                options);
        PostgresReports reports = new PostgresReports(database);
        CommandInterpreter interpreter = new CommandInterpreter(parser, new CommandInterpreter.Ports(decisions, decisions, cleanups,
                cleanupService, scheduler, new PostgresAuditLog(database), accounts, new PostgresMemberRoles(database, clock),
                scanRunner(settings, clouds, accounts, new PostgresFindingStore(database), clock), clouds.connector(), scheduler,
                new QueuedScans(runs, scheduler, new RateLimits(database), QueuedScans.DEFAULT_LIMIT), new Digests(reports, reports, clouds.spendFigures(new SpendCache(database)), clock), scheduler.digests(), new TrendChart(),
                Deliveries.checked(new PostgresNotifyTargets(database, notifying.secrets(), clock), notifying.smtp().isPresent()), direct,
                new PostgresApiKeys(database)), policy,
                settings.cleanupLimits(), settings.organizationRules(), clock);
        interpreterOnceWired.set(interpreter);
        scheduler.resume(cleanups.unfinished());
        scheduler.startPeriodic(notifying.deliverEvery(), Duration.ofHours(1), JobScheduler.SNOOZES_EVERY);
        scheduler.startNightly();
        return new Sweeper(interpreter, scheduler, console, listeners, database, clouds, decisions, accounts, clock, chatTargets);
    }

    /** Where a platform's scans are run and posted, on this replica. */
    public void serve(Organization.Platform platform, ChatTarget target) {
        chatTargets.put(platform, target);
    }

    private static ChatTarget target(Map<Organization.Platform, ChatTarget> targets, Organization.Platform platform) {
        ChatTarget target = targets.get(platform);
        if (target == null) {
            throw new IllegalStateException("a scan for " + platform.id() + ", which this replica does not serve");
        }
        return target;
    }

    /** How many ended snoozes the sweep reads at once. */
    static final int SNOOZES_PAGE = 500;

    /**
     * The sweep of ended snoozes: every finding whose snooze has ended by now is opened again, in id order a page at a
     * time of {@code pageSize}. A finding whose card cannot be posted (its workspace uninstalled the app, the chat is
     * down) is said and opened without it, as a scan would open it: trying again every minute would say so every minute.
     */
    static void snoozesEnded(Map<Organization.Platform, ChatTarget> targets, Organizations organizations, PostgresCardLocations locations,
                             PostgresDecisions decisions, Clock clock, int pageSize) {
        Instant now = clock.instant();
        List<PostgresDecisions.EndedSnooze> page;
        long after = 0;
        do {
            page = decisions.snoozesEnded(now, after, pageSize);
            for (PostgresDecisions.EndedSnooze ended : page) {
                try {
                    snoozeEnded(targets, organizations, locations, decisions, clock, ended.organizationId(), ended.findingId());
                } catch (RuntimeException e) {
                    LOG.warn("finding {}'s snooze ended, but its card could not be posted; it is open again without it: {}",
                            FindingId.of(ended.findingId()), e.toString());
                    decisions.wake(ended.organizationId(), ended.findingId(), now);
                }
                after = ended.findingId();
            }
        } while (page.size() == pageSize);
    }

    /** A snooze ended: in the chat where its card was when this replica serves it, else only opened again. */
    private static void snoozeEnded(Map<Organization.Platform, ChatTarget> targets, Organizations organizations, PostgresCardLocations locations,
                                    PostgresDecisions decisions, Clock clock, long organizationId, long findingId) {
        Organization organization = organization(organizations, organizationId);
        Optional<CardLocations.Location> card = locations.find(findingId);
        Optional<ChatTarget> target = card.flatMap(at -> Arrays.stream(Organization.Platform.values())
                .filter(platform -> platform.id().equals(at.chat())).findFirst()).map(targets::get);
        if (target.isPresent()) {
            target.get().snoozeEnded().post(organization, card.get().channel(), findingId);
        } else {
            decisions.wake(organizationId, findingId, clock.instant());
        }
    }

    private static Organization organization(Organizations organizations, long id) {
        return organizations.find(id).orElseThrow(() -> new IllegalStateException("no organization " + id));
    }

    /** Every chat added, as one: what shows a finding's card again wherever it was posted. */
    public ChatListener chats() {
        return ChatListener.all(listeners);
    }

    /** Adds a chat that hears cleanup steps and updated cards, such as the console or Slack. */
    public void addListener(ChatListener listener) {
        listeners.add(listener);
    }

    /**
     * The organization of a chat workspace (a Slack team, a Teams tenant), created on first use; with {@code --demo}
     * the demo account is connected to it.
     */
    public Organization organization(Organization.Platform platform, String externalId) {
        return organizations.computeIfAbsent(platform.id() + "/" + externalId, key -> {
            Organization organization = new Organizations(database).ensure(platform, externalId, externalId);
            clouds.demoAccount().ifPresent(demo -> accounts.connect(organization.id(), demo.id(), demo.name(), Optional.empty(), Optional.empty(), true));
            return organization;
        });
    }

    /**
     * The organization of {@code id}, as stored.
     *
     * @throws IllegalArgumentException when there is none
     */
    public Organization organization(long id) {
        return organizations.values().stream().filter(organization -> organization.id() == id).findFirst()
                .or(() -> new Organizations(database).find(id))
                .orElseThrow(() -> new IllegalArgumentException("no organization " + id));
    }

    public FindingQueries findings() {
        return findings;
    }

    /** The App Home of an organization: open waste, realised savings, top findings, the last scan, accounts, schedules. */
    public List<Card> dashboard(Organization organization) {
        return interpreter.dashboard(organization);
    }

    public CommandInterpreter interpreter() {
        return interpreter;
    }

    /** What every chat's bot needs of this sweep: cards remembered and deliveries claimed in {@code database}, roles by {@code roles}. */
    public ChatRuntime.Services chatServices(Database database, RoleLookup roles, Clock clock) {
        return new ChatRuntime.Services(interpreter, findings, new PostgresCardLocations(database), roles, new ChatDeliveries(database)::firstTime, clock);
    }

    public JobScheduler scheduler() {
        return scheduler;
    }

    /** The organization of the console and of the server's own jobs. */
    public Organization console() {
        return console;
    }

    @Override
    public void close() {
        scheduler.close();
    }

    /**
     * Scans the organization's connected accounts (or the one asked for) and stores the result. An account that cannot be
     * reached is reported in the summary and in {@code accounts}; the others are scanned.
     */
    private static ScanRunner scanRunner(EngineSettings settings, Clouds clouds, AwsAccounts accounts, PostgresFindingStore store, Clock clock) {
        return (organization, account, regions, startedBy, listener) -> {
            List<AccountSettings.ConnectedAccount> connected = accounts.accounts(organization.id());
            if (connected.isEmpty()) {
                throw new IllegalArgumentException("No AWS account is connected. `connect` tells how.");
            }
            List<Account> scanned = connected.stream().filter(a -> account.map(a::isCalled).orElse(true))
                    .map(a -> new Account(a.accountId(), a.name())).toList();
            if (scanned.isEmpty()) {
                throw new IllegalArgumentException("Account " + account.get() + " is not connected; connected: " + connected.stream()
                        .map(a -> a.accountId() + " (" + a.name() + ")").collect(Collectors.joining(", ")) + ".");
            }
            ScanRequest request = new ScanRequest(scanned, regions.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(regions)),
                    Money.ZERO, startedBy);
            ScanReport report;
            try {
                report = settings.scanService(clouds, clock).withRules(settings.rulesOf(accounts, organization.id()))
                        .withPriceFetcher(clouds.priceFetcher(scanned)).scan(request, listener);
            } catch (InventoryException unreachable) {
                // the one account asked for could not even list its regions: a failed scan, kept like any other
                Instant now = clock.instant();
                report = new ScanReport(startedBy, now, now, scanned, List.of(), List.of(), List.of(), 0, List.of(), List.of(),
                        List.of(new ScanReport.FailedAccount(scanned.get(0).id(), unreachable.getMessage())));
            }
            count(report);
            return new ScanRunner.Outcome(report, store.save(organization, report));
        };
    }

    /** A scan's figures for the metrics: how long it took, what it read, which regions failed (by region only). */
    public static void count(ScanReport report) {
        String outcome = !report.failedAccounts().isEmpty() && report.failedAccounts().size() >= report.accounts().size() ? "failed"
                : report.failedRegions().isEmpty() && report.failedAccounts().isEmpty() ? "completed" : "partial";
        Metrics.counter("cloudsweep_scans", "outcome", outcome).increment();
        Metrics.timer("cloudsweep_scan_duration").record(Duration.between(report.startedAt(), report.finishedAt()));
        Metrics.counter("cloudsweep_scan_resources").increment(report.resourcesScanned());
        report.failedRegions().forEach(failed -> Metrics.counter("cloudsweep_scan_region_failures", "region", failed.region().code()).increment());
    }
}
