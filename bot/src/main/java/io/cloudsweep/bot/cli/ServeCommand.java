package io.cloudsweep.bot.cli;

import io.cloudsweep.adapters.slack.SlackBot;
import io.cloudsweep.adapters.slack.SlackSettings;
import io.cloudsweep.bot.Clouds;
import io.cloudsweep.bot.Roles;
import io.cloudsweep.bot.server.SlackRoute;
import io.cloudsweep.bot.SlackSetup;
import io.cloudsweep.bot.TeamsSetup;
import io.cloudsweep.bot.server.TeamsRoute;
import io.cloudsweep.adapters.teams.TeamsBot;
import io.cloudsweep.adapters.teams.TeamsSettings;
import io.cloudsweep.storage.SecretBox;
import io.cloudsweep.bot.Sweeper;
import io.cloudsweep.bot.console.ConsoleChat;
import io.cloudsweep.bot.jobs.JobScheduler;
import io.cloudsweep.bot.DataDir;
import io.cloudsweep.bot.EngineSettings;
import io.cloudsweep.bot.SecretKeys;
import io.cloudsweep.bot.Storage;
import io.cloudsweep.bot.metrics.ServerMetrics;
import io.cloudsweep.bot.server.ApiV1;
import io.cloudsweep.bot.server.BotServer;
import io.cloudsweep.storage.Figures;
import io.cloudsweep.engine.config.InvalidConfigurationException;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.store.FindingStore;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.AwsAccounts;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseException;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.IdempotencyKeys;
import io.cloudsweep.storage.PostgresReports;
import io.cloudsweep.storage.PostgresAuditLog;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.PostgresApiKeys;
import io.cloudsweep.storage.RateLimits;
import io.cloudsweep.storage.ScanRuns;
import io.cloudsweep.storage.PostgresFindingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code cloudsweep serve}: checks the configuration, starts the database and migrates it, then serves HTTP
 * until SIGTERM or Ctrl-C, when it stops taking requests, lets those in flight finish, and shuts the
 * database down cleanly.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, usageHelpAutoWidth = true,
        description = {"Runs the bot server on --port: the chats' routes, GET /healthz, GET /readyz, GET /metrics, GET /privacy and GET /terms. "
                + "Stops cleanly on SIGTERM or Ctrl-C.",
                "It works against the AWS accounts each organization connected (`connect` in the chat), runs scans and approved cleanups "
                        + "as jobs on the scheduler (Quartz, clustered in the database), and every night at 00:30 UTC exports the audit log "
                        + "and forgets long-resolved findings. --demo adds the demo account to every organization and scans it at start.",
                "With a terminal attached and no chat configured, the terminal is a chat channel as in `chat`; `:quit` stops the server.",
                "",
                "Settings from the environment:",
                "  Slack, one workspace: SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN. Many, installed at GET /slack/install: "
                        + "SLACK_SIGNING_SECRET, SLACK_CLIENT_ID and SLACK_CLIENT_SECRET. SLACK_API_URL for a test server.",
                "  Teams: MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID; MICROSOFT_APP_AUTHORITY and "
                        + "BOT_OPENID_METADATA_URL for a test server.",
                "  Database: CLOUDSWEEP_DB_URL, CLOUDSWEEP_DB_USER, CLOUDSWEEP_DB_PASSWORD and CLOUDSWEEP_SECRET_KEY (without them, "
                        + "the embedded PostgreSQL in --data-dir).",
                "  People: CLOUDSWEEP_ADMINS (chat user ids, comma-separated).",
                "  Email: CLOUDSWEEP_SMTP_HOST, CLOUDSWEEP_SMTP_PORT, CLOUDSWEEP_SMTP_FROM, CLOUDSWEEP_SMTP_SECURITY, CLOUDSWEEP_SMTP_USER "
                        + "and CLOUDSWEEP_SMTP_PASSWORD.",
                "  Nightly: CLOUDSWEEP_AUDIT_BUCKET and CLOUDSWEEP_AUDIT_PREFIX (the audit export), CLOUDSWEEP_RETENTION_DAYS.",
                "  Logs: CLOUDSWEEP_LOG_FORMAT, CLOUDSWEEP_LOG_LEVEL and CLOUDSWEEP_LIBRARY_LOG_LEVEL.",
                "  AWS: the SDK's own (AWS_REGION, AWS_DEFAULT_REGION, AWS_PROFILE, or a role where it runs), AWS_ENDPOINT_URL.",
                "",
                "Exit codes: 0 stopped cleanly; 1 could not start (the port in use, the data dir locked, the database or a chat "
                        + "unreachable: the message says which); 2 bad arguments or settings."})
final class ServeCommand implements Callable<Integer> {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServeCommand.class);
    /** How long the Slack route is warmed before the server listens: some 9,000 requests on two cores with the quick compiler (two seconds did no better). */
    private static final java.time.Duration WARM_UP = java.time.Duration.ofSeconds(1);

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "3000", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--demo", description = "Add the built-in demo account to every organization and scan it at start.")
    private boolean demo;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where CloudSweep keeps its data: the embedded database, the generated secret key (default: ~/.cloudsweep).")
    private Path dataDir = DataDir.defaultPath();

    @Option(names = "--config", paramLabel = "FILE", description = "A properties file of rule thresholds, risk and protection settings.")
    private Path config;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS (TLS 1.3 and 1.2) with this PEM certificate chain; needs --tls-key.")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The certificate's unencrypted PKCS#8 PEM private key (RSA or EC).")
    private Path tlsKey;

    @Option(names = "--metrics-port", paramLabel = "PORT",
            description = "Serve GET /metrics (Prometheus) on this port alone, plain HTTP (default: on --port).")
    private Integer metricsPort;

    @Spec
    private CommandSpec spec;

    private final Clock clock;
    private final Map<String, String> environment;

    ServeCommand(Clock clock, Map<String, String> environment) {
        this.clock = clock;
        this.environment = environment;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535, not " + port);
        }
        PrintWriter err = spec.commandLine().getErr();
        EngineSettings settings;
        DatabaseSettings databaseSettings;
        Optional<SlackSettings> slackSettings;
        Optional<TeamsSettings> teamsSettings;
        SecretBox secrets;
        Sweeper.Notifying notifying;
        Optional<javax.net.ssl.SSLContext> tls;
        try {
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both for HTTPS, or neither");
            }
            tls = tlsCert == null ? Optional.empty() : Optional.of(io.cloudsweep.bot.server.Tls.fromPem(tlsCert, tlsKey));
            settings = EngineSettings.load(config);
            databaseSettings = DatabaseSettings.fromEnvironment(environment, dataDir);
            secrets = SecretKeys.load(environment, dataDir, databaseSettings.isEmbedded());
            notifying = Sweeper.Notifying.fromEnvironment(environment, secrets);
            slackSettings = slackSettings();
            teamsSettings = teamsSettings();
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            err.println("cloudsweep: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        // before the database and the demo's scan: a second serve on a busy port should say so at once
        Optional<String> busy = taken(host, port, "--port").or(() -> metricsPort == null ? Optional.empty() : taken(host, metricsPort, "--metrics-port"));
        if (busy.isPresent()) {
            err.println("cloudsweep: cannot start: " + busy.get());
            return ExitCodes.FAILURE;
        }
        Database database;
        try {
            database = Storage.openMigrated(environment, dataDir, false, settings.cleanupLimits().workers());
        } catch (DatabaseException e) {
            err.println("cloudsweep: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        // What runs, in the order it started: stopped the other way round, on a failed start as at the end.
        Deque<AutoCloseable> running = new ArrayDeque<>(List.of(database));
        BotServer server;
        Clouds clouds = Clouds.of(database, demo, environment, clock);
        running.push(clouds);
        Sweeper sweeper;
        SlackBot slack = null;
        TeamsBot teams = null;
        ConsoleChat terminal = null;
        List<BotServer.Route> routes = new ArrayList<>();
        // counting from the start, the demo's scan included
        ServerMetrics metrics = new ServerMetrics(new Figures(database), clock);
        running.push(metrics::close);
        try {
            if (demo) {
                scanDemo(database, settings, clouds, err);
            }
            sweeper = Sweeper.start(database, settings, clouds, clock, JobScheduler.Options.defaults(settings.cleanupLimits().workers()), notifying);
            running.push(sweeper);
            Roles roles = new Roles(database, environment);
            if (slackSettings.isPresent()) {
                slack = SlackSetup.start(slackSettings.get(), sweeper, database, secrets, roles, clock);
                running.push(slack);
                warmUp(slack);
                SlackRoute route = new SlackRoute(slack);
                routes.add(BotServer.Route.post("/slack/events", route));
                if (slackSettings.get().workspaces() instanceof SlackSettings.Many) {
                    routes.add(BotServer.Route.get("/slack/install", route));
                    routes.add(BotServer.Route.get("/slack/oauth_redirect", route));
                }
            }
            if (teamsSettings.isPresent()) {
                teams = TeamsSetup.start(teamsSettings.get(), sweeper, database, secrets, roles, clock);
                running.push(teams);
                routes.add(BotServer.Route.post("/api/messages", new TeamsRoute(teams)));
            }
            if (System.console() != null && !chatPlatformConfigured()) {
                terminal = new ConsoleChat(sweeper.interpreter(), sweeper.console(),
                        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), spec.commandLine().getOut(),
                        sweeper.scheduler()::hasCleanupJobs, false);
                sweeper.addListener(terminal);
            }
            routes.addAll(new ApiV1(ApiV1.Stores.in(database, sweeper.findings(), clock), ApiV1.Limits.defaults(), sweeper.interpreter(),
                    sweeper.chats(), sweeper::organization, clock).routes());
            if (metricsPort == null) {
                routes.add(BotServer.Route.get("/metrics", metrics.route()));
            } else {
                running.push(BotServer.metrics(host, metricsPort, metrics));
            }
            server = BotServer.start(host, port, database, routes, tls, Optional.of(metrics));
            running.push(server);
        } catch (RuntimeException e) {
            stop(running, err);
            err.println("cloudsweep: cannot start: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(running, err);
            stopped.countDown();
        }, "cloudsweep-shutdown"));
        List<String> chats = new ArrayList<>();
        slackSettings.ifPresent(slackOn -> chats.add("Slack at POST /slack/events"));
        teamsSettings.ifPresent(teamsOn -> chats.add("Teams at POST /api/messages"));
        if (terminal != null) {
            chats.add("this terminal");
        }
        spec.commandLine().getOut().printf("CloudSweep is serving on %s://%s:%d (GET /healthz, GET /readyz); chats: %s; data: %s%n",
                tls.isPresent() ? "https" : "http", host, server.port(), chats.isEmpty() ? "none configured" : String.join(", ", chats),
                Storage.describe(environment, dataDir));
        spec.commandLine().getOut().flush();
        if (terminal != null) {
            ConsoleChat chat = terminal;
            Thread console = new Thread(() -> {
                try {
                    if (chat.run()) {
                        // :quit stops CloudSweep as Ctrl-C would; end of input (Ctrl-D) only ends the terminal's chat
                        stopped.countDown();
                    } else {
                        spec.commandLine().getOut().println("The terminal's chat ended; CloudSweep keeps serving until Ctrl-C.");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "cloudsweep-terminal");
            console.setDaemon(true);
            console.start();
        }
        stopped.await();
        return ExitCodes.OK;
    }

    /** The Slack route's acknowledgements warmed before the server listens, so that its first requests are answered as fast as later ones. */
    private static void warmUp(SlackBot slack) {
        long started = System.nanoTime();
        int requests = slack.warmUp("/slack/events", WARM_UP);
        LOG.info("warmed up the Slack route: {} requests of its own in {} ms", requests, (System.nanoTime() - started) / 1_000_000);
    }

    /** Why {@code port} cannot be listened on, if it cannot. */
    private static Optional<String> taken(String host, int port, String option) {
        if (port == 0) {
            return Optional.empty();
        }
        java.net.InetSocketAddress address = new java.net.InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            return Optional.of("--host " + host + " is not an address this machine knows");
        }
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.of("port " + port + " on " + host + " is in use (another CloudSweep?): stop what listens there, or choose another "
                    + option + " (" + e.getMessage() + ")");
        }
    }

    /** Stops what runs, the last started first: the server stops taking requests before what serves them goes. */
    private static void stop(Deque<AutoCloseable> running, PrintWriter err) {
        while (!running.isEmpty()) {
            AutoCloseable next = running.pop();
            try {
                next.close();
            } catch (Exception e) {
                err.println("cloudsweep: stopping " + next.getClass().getSimpleName() + " failed: " + e.getMessage());
            }
        }
    }

    /** Connects the demo account to the console organization and stores one scan of it. */
    private void scanDemo(Database database, EngineSettings settings, Clouds clouds, PrintWriter err) {
        Organization console = new Organizations(database).console();
        io.cloudsweep.engine.model.Account account = clouds.demoAccount().orElseThrow();
        new AwsAccounts(database).connect(console.id(), account.id(), account.name(), Optional.empty(), Optional.empty(), true);
        ScanReport report = settings.scanService(clouds, clock)
                .scan(ScanRequest.allRegions(List.of(account), "serve --demo"), ScanListener.NONE);
        FindingStore.SavedScan saved = new PostgresFindingStore(database).save(console, report);
        new ScanRuns(database, clock, Sweeper.SCAN_SILENT_FOR).recorded(console.id(), report.startedBy(),
                report.accounts().stream().map(io.cloudsweep.engine.model.Account::id).toList(), saved.scanId());
        Sweeper.count(report);
        err.printf("demo scan %d stored: %d findings (%d new), %s a month%n", saved.scanId(), report.findings().size(),
                saved.inserted(), report.totals().monthly());
    }

    private boolean chatPlatformConfigured() {
        return environment.keySet().stream().anyMatch(key -> key.startsWith("SLACK_") || key.equals("MICROSOFT_APP_ID"));
    }

    /**
     * Slack, when configured: one workspace ({@code SLACK_SIGNING_SECRET} and {@code SLACK_BOT_TOKEN}) or OAuth installs
     * ({@code SLACK_SIGNING_SECRET}, {@code SLACK_CLIENT_ID} and {@code SLACK_CLIENT_SECRET}).
     *
     * @throws IllegalArgumentException when the variables set make neither, or both
     */
    private Optional<SlackSettings> slackSettings() {
        Optional<String> secret = variable("SLACK_SIGNING_SECRET");
        Optional<String> token = variable("SLACK_BOT_TOKEN");
        Optional<String> clientId = variable("SLACK_CLIENT_ID");
        Optional<String> clientSecret = variable("SLACK_CLIENT_SECRET");
        if (secret.isEmpty() && token.isEmpty() && clientId.isEmpty() && clientSecret.isEmpty()) {
            return Optional.empty();
        }
        String modes = "SLACK_BOT_TOKEN for one workspace, or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for OAuth installs";
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("Slack needs SLACK_SIGNING_SECRET (the app's Basic Information page), with " + modes);
        }
        if (token.isPresent() && (clientId.isPresent() || clientSecret.isPresent())) {
            throw new IllegalArgumentException("Slack takes " + modes + ", not both");
        }
        if (clientId.isPresent() != clientSecret.isPresent()) {
            throw new IllegalArgumentException("Slack OAuth installs need both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET; only "
                    + (clientId.isPresent() ? "SLACK_CLIENT_ID" : "SLACK_CLIENT_SECRET") + " is set");
        }
        if (token.isEmpty() && clientId.isEmpty()) {
            throw new IllegalArgumentException("Slack needs, besides SLACK_SIGNING_SECRET, " + modes);
        }
        SlackSettings.Workspaces workspaces = token.<SlackSettings.Workspaces>map(SlackSettings.One::new)
                .orElseGet(() -> new SlackSettings.Many(clientId.get(), clientSecret.get()));
        return Optional.of(new SlackSettings(secret.get(), workspaces, environment.getOrDefault("SLACK_API_URL", "https://slack.com/api/"),
                Duration.ofSeconds(1)));
    }

    /**
     * Teams, when {@code MICROSOFT_APP_ID} is set: with its password and tenant (single-tenant bots, the only kind Azure
     * creates now), the authority for outbound tokens and where incoming tokens' keys are published.
     *
     * @throws IllegalArgumentException when the app id comes without its password or tenant
     */
    private Optional<TeamsSettings> teamsSettings() {
        Optional<String> appId = variable("MICROSOFT_APP_ID");
        if (appId.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> password = variable("MICROSOFT_APP_PASSWORD");
        Optional<String> tenant = variable("MICROSOFT_APP_TENANT_ID");
        if (password.isEmpty() || tenant.isEmpty()) {
            throw new IllegalArgumentException("Teams needs, with MICROSOFT_APP_ID, " + (password.isEmpty() ? "MICROSOFT_APP_PASSWORD" : "")
                    + (password.isEmpty() && tenant.isEmpty() ? " and " : "") + (tenant.isEmpty() ? "MICROSOFT_APP_TENANT_ID (the bot's tenant)" : ""));
        }
        return Optional.of(new TeamsSettings(appId.get(), password.get(), tenant.get(),
                variable("MICROSOFT_APP_AUTHORITY").orElse("https://login.microsoftonline.com"), variable("BOT_OPENID_METADATA_URL"),
                Duration.ofMillis(500)));
    }

    private Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
