package io.cloudsweep.bot;

import io.cloudsweep.adapters.aws.AwsCloud;
import io.cloudsweep.adapters.aws.AwsConnector;
import io.cloudsweep.adapters.aws.AwsOptions;
import io.cloudsweep.engine.chat.AccountConnector;
import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupPlan;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.pricing.PriceCache;
import io.cloudsweep.engine.scan.CloudInventory;
import io.cloudsweep.engine.scan.InventoryException;
import io.cloudsweep.engine.scan.PriceFetcher;
import io.cloudsweep.engine.report.SpendReader;
import io.cloudsweep.engine.store.AccountSettings;
import io.cloudsweep.storage.AwsAccounts;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.PostgresPriceCache;
import io.cloudsweep.storage.SpendCache;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Every AWS account the organizations connected, reached as stored: through its role and ExternalId, or with
 * CloudSweep's own credentials; the demo account, when there is one, in memory. Scans and cleanups name an account and
 * this finds its connection, made on first use and kept (so a role is assumed once, its session refreshed before it
 * expires), made again when the account is reconnected another way. Thread-safe; close it to close the connections.
 */
public final class Clouds implements CloudInventory, CleanupActions, AutoCloseable {

    /** How long AWS's spend figures are kept before Cost Explorer is asked again: a week, two billed calls an account. */
    static final java.time.Duration SPEND_KEPT = java.time.Duration.ofDays(7);

    private final AwsOptions base;
    private final Optional<CloudConnection> demo;
    private final AwsAccounts accounts;
    private final PriceCache prices;
    private final Clock clock;
    private final Map<String, Reached> connected = new ConcurrentHashMap<>();

    private record Reached(AwsAccounts.Reach reach, AwsCloud cloud, CleanupActions actions) {
    }

    /**
     * @param base   CloudSweep's own way to AWS (its credentials, the endpoint); roles are assumed from it
     * @param demo   the demo account, answered in memory, when {@code --demo}
     * @param prices where prices fetched from the Pricing API are kept
     */
    public Clouds(AwsOptions base, Optional<CloudConnection> demo, AwsAccounts accounts, PriceCache prices, Clock clock) {
        this.base = base;
        this.demo = demo;
        this.accounts = accounts;
        this.prices = prices;
        this.clock = clock;
    }

    /**
     * The accounts connected in {@code database}, reached with CloudSweep's own credentials (the SDK's default chain:
     * environment, profile, instance or task role) and {@code AWS_ENDPOINT_URL} of {@code environment} when set; with
     * {@code demo}, the demo account too.
     */
    public static Clouds of(Database database, boolean demo, Map<String, String> environment, Clock clock) {
        return new Clouds(ownAws(environment), demo ? Optional.of(CloudConnection.demo(clock)) : Optional.empty(), new AwsAccounts(database, clock),
                new PostgresPriceCache(database), clock);
    }

    /** CloudSweep's own way to AWS: the SDK's default credentials chain, and {@code AWS_ENDPOINT_URL} when set. */
    public static AwsOptions ownAws(Map<String, String> environment) {
        return Optional.ofNullable(environment.get("AWS_ENDPOINT_URL")).filter(url -> !url.isBlank())
                .map(url -> AwsOptions.defaults().withEndpoint(java.net.URI.create(url.trim()))).orElse(AwsOptions.defaults());
    }

    /** The demo account, if this CloudSweep has one. */
    public Optional<Account> demoAccount() {
        return demo.map(CloudConnection::account);
    }

    /** The connection test for {@code connect}; the demo account needs none and has every permission. */
    public AccountConnector connector() {
        AwsConnector aws = new AwsConnector(base);
        return new AccountConnector() {
            @Override
            public Optional<Principal> principal() {
                return aws.principal();
            }

            @Override
            public Probe probe(Optional<String> roleArn, Optional<String> externalId) {
                return aws.probe(roleArn, externalId);
            }

            @Override
            public Probe probe(AccountSettings.ConnectedAccount account, String organizationExternalId) {
                if (isDemo(account.accountId())) {
                    return new Probe.Reached(account.accountId(), List.of(), List.of(), "no AWS call (the demo account is in memory)");
                }
                return AccountConnector.super.probe(account, organizationExternalId);
            }
        };
    }

    /** Fetches missing prices through the first of {@code scanned} that is a real account; none for the demo alone. */
    public PriceFetcher priceFetcher(List<Account> scanned) {
        for (Account account : scanned) {
            if (!isDemo(account.id())) {
                try {
                    return reach(account.id()).cloud().priceFetcher(prices, clock);
                } catch (InventoryException unreachable) {
                    // try the next account; the scan reports this one
                }
            }
        }
        return PriceFetcher.NONE;
    }

    @Override
    public List<Region> enabledRegions(Account account) {
        return inventory(account.id()).enabledRegions(account);
    }

    @Override
    public RegionInventory describe(Account account, Region region) {
        return inventory(account.id()).describe(account, region);
    }

    @Override
    public MetricData metrics(Account account, Region region, List<MetricQuery> queries, java.time.Instant now) {
        return inventory(account.id()).metrics(account, region, queries, now);
    }

    @Override
    public String backUp(Finding finding, String findingLabel, CleanupPlan plan, Consumer<String> progress) {
        return actions(finding).backUp(finding, findingLabel, plan, progress);
    }

    @Override
    public String act(Finding finding, CleanupPlan plan, String backupId) {
        return actions(finding).act(finding, plan, backupId);
    }

    @Override
    public String undo(Finding finding, CleanupPlan plan, String backupId) {
        return actions(finding).undo(finding, plan, backupId);
    }

    /**
     * AWS's own spend figures for {@code accountId}, kept a week in {@code cache} (each Cost Explorer call is billed), a
     * refusal kept as long; other failures are not kept, so the next look tries again.
     */
    public SpendReader spendFigures(SpendCache cache) {
        return (organizationId, accountId, types, firstCleanup) -> {
            Optional<SpendCache.Kept> kept = cache.find(organizationId, accountId).filter(k -> k.firstCleanup().equals(firstCleanup)
                    && k.types().equals(types) && k.fetchedAt().isAfter(clock.instant().minus(SPEND_KEPT)));
            if (kept.isPresent()) {
                return kept.get().answer();
            }
            if (isDemo(accountId)) {
                return new SpendReader.Answer.Unavailable("the demo account has no Cost Explorer");
            }
            SpendReader.Answer answer;
            try {
                answer = new SpendReader.Answer.Read(reach(accountId).cloud().spend(types, firstCleanup, clock));
            } catch (InventoryException e) {
                SpendReader.Answer.Unavailable none = new SpendReader.Answer.Unavailable(e.getMessage());
                if (e.getMessage().startsWith("access denied")) {
                    cache.put(organizationId, accountId, firstCleanup, types, clock.instant(), none);
                }
                return none;
            }
            cache.put(organizationId, accountId, firstCleanup, types, clock.instant(), answer);
            return answer;
        };
    }

    private boolean isDemo(String accountId) {
        return demo.map(cloud -> cloud.account().id().equals(accountId)).orElse(false);
    }

    private CloudInventory inventory(String accountId) {
        return isDemo(accountId) ? demo.get().inventory() : reach(accountId).cloud();
    }

    private CleanupActions actions(Finding finding) {
        String accountId = finding.resource().accountId();
        return isDemo(accountId) ? demo.get().actions() : reach(accountId).actions();
    }

    /**
     * The connection to {@code accountId} as it is connected now.
     *
     * @throws InventoryException when no organization has it connected, or the role cannot be assumed
     */
    private Reached reach(String accountId) {
        AwsAccounts.Reach reach = accounts.reach(accountId)
                .orElseThrow(() -> new InventoryException("account " + accountId + " is not connected"));
        // compute: two scans reaching one account at once make one connection between them
        return connected.compute(accountId, (id, known) -> {
            if (known != null && known.reach().equals(reach)) {
                return known;
            }
            if (known != null) {
                known.cloud().close();
            }
            AwsOptions options = reach.roleArn().map(role -> base.withRole(role, reach.externalId())).orElse(base);
            AwsCloud cloud = AwsCloud.connect(options);
            if (!cloud.account().id().equals(id)) {
                cloud.close();
                throw new InventoryException("the credentials for account " + id + " reach account " + cloud.account().id() + " instead");
            }
            return new Reached(reach, cloud, cloud.cleanupActions(clock));
        });
    }

    @Override
    public void close() {
        connected.values().forEach(reached -> reached.cloud().close());
        connected.clear();
        demo.ifPresent(CloudConnection::close);
    }
}
