package io.cloudsweep.bot.cli;

import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.adapters.aws.FilePriceCache;
import io.cloudsweep.bot.CloudConnection;
import io.cloudsweep.bot.DataDir;
import io.cloudsweep.bot.EngineSettings;
import io.cloudsweep.bot.Storage;
import io.cloudsweep.bot.Sweeper;
import io.cloudsweep.bot.report.ReportFormat;
import io.cloudsweep.engine.config.InvalidConfigurationException;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.pricing.PriceCache;
import io.cloudsweep.engine.scan.InventoryException;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import io.cloudsweep.engine.store.FindingStore;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseException;
import io.cloudsweep.storage.Organizations;
import io.cloudsweep.storage.PostgresFindingStore;
import io.cloudsweep.storage.PostgresPriceCache;
import io.cloudsweep.storage.ScanRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code cloudsweep scan}: one scan, findings to stdout. */
@Command(name = "scan",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Scans one AWS account (or the demo) for waste and prints the findings, most expensive first.",
                "Exit codes: 0 done, 2 bad arguments or settings, 3 the cloud could not be read.",
                "From the packaged jar the scan runs in a second JVM that maps its classes from an archive the first run "
                        + "leaves in ~/.cloudsweep/cds; CLOUDSWEEP_FAST_START=off runs it in one JVM."},
        usageHelpAutoWidth = true)
final class ScanCommand implements Callable<Integer> {

    @Option(names = "--demo", description = "Scan the built-in demo account (no AWS needed).")
    private boolean demo;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "AWS profile from ~/.aws/config to use (default: the SDK's default chain: AWS_PROFILE, environment, SSO, instance role).")
    private String profile;

    @Option(names = "--role-arn", paramLabel = "ARN",
            description = "IAM role to assume in the account to scan (cross-account access; no long-term keys stored).")
    private String roleArn;

    @Option(names = "--external-id", paramLabel = "ID", description = "The ExternalId the role's trust policy requires.")
    private String externalId;

    @Option(names = "--endpoint-url", paramLabel = "URL",
            description = "Send every AWS call to this endpoint (LocalStack, moto, a test fake); AWS_ENDPOINT_URL does the same.")
    private URI endpointUrl;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = Converters.Format.class,
            description = "Output format: table, json or csv (default: ${DEFAULT-VALUE}).")
    private ReportFormat format;

    @Option(names = "--min-monthly-cost", paramLabel = "USD", defaultValue = "0", converter = Converters.Usd.class,
            description = "Leave out findings known to cost less than this a month; findings of unknown cost stay.")
    private BigDecimal minMonthlyCost;

    @Option(names = "--regions", paramLabel = "REGION", split = ",",
            description = "Regions to scan, comma-separated, or 'all' for every region the account has enabled (default: all).")
    private List<String> regions = new ArrayList<>();

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where CloudSweep keeps its data: prices fetched from the AWS Pricing API, the embedded database (default: ~/.cloudsweep).")
    private Path dataDir = DataDir.defaultPath();

    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file of rule thresholds, risk and protection settings (see the README).")
    private Path config;

    @Spec
    private CommandSpec spec;

    @Option(names = "--save", description = "Store the scan and its findings in the database (embedded in the data dir unless CLOUDSWEEP_DB_URL is set).")
    private boolean save;

    private final Clock clock;
    private final Map<String, String> environment;

    ScanCommand(Clock clock, Map<String, String> environment) {
        this.clock = clock;
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (minMonthlyCost.signum() < 0) {
            throw new ParameterException(spec.commandLine(), "--min-monthly-cost must not be negative, not " + minMonthlyCost);
        }
        refuseAwsFlagsWithDemo();
        Optional<List<Region>> selectedRegions = parseRegions();
        AwsOptions aws = demo ? null : awsOptions();
        PrintWriter err = spec.commandLine().getErr();
        EngineSettings settings;
        try {
            settings = EngineSettings.load(config);
        } catch (InvalidConfigurationException e) {
            err.println("cloudsweep: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        ScanReport report;
        // With --save the database is opened first: fetched prices are then remembered in it, not in a file.
        try (Database database = save ? Storage.openMigrated(environment, dataDir) : null;
             CloudConnection cloud = demo ? CloudConnection.demo(clock) : CloudConnection.aws(aws, priceCache(database), clock)) {
            ScanService service = settings.scanService(cloud.inventory(), clock).withPriceFetcher(cloud.prices());
            // A stored scan keeps every finding, or those under the minimum would count as gone; the minimum then
            // applies to what is printed.
            Money minimum = Money.usd(minMonthlyCost);
            ScanRequest request = new ScanRequest(List.of(cloud.account()), selectedRegions, save ? Money.ZERO : minimum, "cli");
            report = service.scan(request, progressTo(err));
            if (save) {
                store(database, report, err);
                report = report.withMinimumMonthlyCost(minimum);
            }
        } catch (InventoryException e) {
            err.println("cloudsweep: " + e.getMessage());
            return ExitCodes.CLOUD_UNAVAILABLE;
        } catch (DatabaseException e) {
            err.println("cloudsweep: --save needs the database: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
        List<String> notEnabled = report.failedRegions().stream().filter(failed -> failed.error().startsWith(ScanService.NOT_ENABLED))
                .map(failed -> failed.region().code() + ": " + failed.error()).toList();
        if (!notEnabled.isEmpty()) {
            notEnabled.forEach(problem -> err.println("cloudsweep: --regions " + problem));
            return ExitCodes.USAGE;
        }
        if (!report.regions().isEmpty() && report.failedRegions().size() == report.regions().size()) {
            err.println("cloudsweep: no region could be scanned; " + report.failedRegions().get(0).region() + ": "
                    + report.failedRegions().get(0).error());
            return ExitCodes.CLOUD_UNAVAILABLE;
        }
        PrintWriter out = spec.commandLine().getOut();
        format.writer().write(report, out);
        out.flush();
        return ExitCodes.OK;
    }

    private void store(Database database, ScanReport report, PrintWriter err) {
        Organization console = new Organizations(database).console();
        FindingStore.SavedScan saved = new PostgresFindingStore(database).save(console, report);
        new ScanRuns(database, clock, Sweeper.SCAN_SILENT_FOR).recorded(console.id(), report.startedBy(),
                report.accounts().stream().map(io.cloudsweep.engine.model.Account::id).toList(), saved.scanId());
        err.printf("saved scan %d: %d new, %d seen again, %d resolved, %d excluded findings%n",
                saved.scanId(), saved.inserted(), saved.updated(), saved.resolved(), saved.excluded());
    }

    /** Prices fetched from AWS are remembered in the database when there is one, else in the data dir. */
    private PriceCache priceCache(Database database) {
        return database != null ? new PostgresPriceCache(database) : new FilePriceCache(dataDir.resolve("price-cache.csv"), clock);
    }

    /** The AWS connection the flags describe; refuses flags that do not go together. */
    private AwsOptions awsOptions() {
        AwsOptions options = AwsOptions.defaults();
        try {
            if (profile != null) {
                options = options.withProfile(profile);
            }
            if (roleArn != null || externalId != null) {
                if (roleArn == null) {
                    throw new IllegalArgumentException("--external-id goes with --role-arn");
                }
                options = options.withRole(roleArn, Optional.ofNullable(externalId));
            }
            if (endpointUrl != null) {
                options = options.withEndpoint(endpointUrl);
            }
            return options;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void refuseAwsFlagsWithDemo() {
        if (demo && (profile != null || roleArn != null || externalId != null || endpointUrl != null)) {
            throw new ParameterException(spec.commandLine(),
                    "--demo scans the built-in demo account: leave out --profile, --role-arn, --external-id and --endpoint-url");
        }
    }

    /** 'all' (alone) means every enabled region; anything else must be a region code. */
    private Optional<List<Region>> parseRegions() {
        if (regions.isEmpty() || regions.equals(List.of("all"))) {
            return Optional.empty();
        }
        if (regions.contains("all")) {
            throw new ParameterException(spec.commandLine(), "--regions takes 'all' alone or a list of regions, not both");
        }
        try {
            return Optional.of(regions.stream().map(String::trim).distinct().map(Region::of).toList());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--regions: " + e.getMessage());
        }
    }

    /** On a terminal, a progress line on stderr as regions finish; nothing when output is redirected. */
    private static ScanListener progressTo(PrintWriter err) {
        if (System.console() == null) {
            return ScanListener.NONE;
        }
        return progress -> {
            err.printf("\rscanned %d of %d regions: %d resources, %d findings, %s a month so far",
                    progress.regionsDone(), progress.regionsTotal(), progress.resourcesSeen(), progress.findings(), progress.monthlyCost());
            if (progress.regionsDone() == progress.regionsTotal()) {
                err.println();
            }
            err.flush();
        };
    }
}
