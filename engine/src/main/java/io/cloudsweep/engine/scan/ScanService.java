package io.cloudsweep.engine.scan;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.model.Account;
import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Finding;
import io.cloudsweep.engine.model.MetricData;
import io.cloudsweep.engine.model.MetricQuery;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.PriceKey;
import io.cloudsweep.engine.model.Region;
import io.cloudsweep.engine.model.RegionInventory;
import io.cloudsweep.engine.model.Resource;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleContext;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.rules.Verdict;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs a scan: every requested region of every account, read concurrently (at most {@code parallelism} at
 * once), each region's resources judged by the rules with one batch of metrics per region. A region that
 * fails is reported and the others carry on. Thread-safe; each call is independent.
 */
public final class ScanService {

    private static final Comparator<Finding> MOST_EXPENSIVE_FIRST = Comparator
            .comparing((Finding finding) -> finding.monthlyCost().orElse(null),
                    Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(Finding::ruleId)
            .thenComparing(finding -> finding.resource().arn());

    /**
     * How many regions the bot's scans read at once. A region's reading mostly waits: for AWS, and for the
     * request-rate buckets, which are per account and region. At 8, a scan of 100 accounts spent most of its time
     * with both cores idle, and one account's 17 regions were read in three waves.
     */
    public static final int REGIONS_AT_ONCE = 32;

    private final CloudInventory inventory;
    private final RuleSet rules;
    private final Pricer pricer;
    private final RiskPolicy riskPolicy;
    private final Protection protection;
    private final Clock clock;
    private final int parallelism;
    private final PriceFetcher priceFetcher;

    public ScanService(CloudInventory inventory, RuleSet rules, Pricer pricer, RiskPolicy riskPolicy,
                       Protection protection, Clock clock, int parallelism) {
        this(inventory, rules, pricer, riskPolicy, protection, clock, parallelism, PriceFetcher.NONE);
    }

    private ScanService(CloudInventory inventory, RuleSet rules, Pricer pricer, RiskPolicy riskPolicy,
                        Protection protection, Clock clock, int parallelism, PriceFetcher priceFetcher) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.pricer = Objects.requireNonNull(pricer, "pricer");
        this.riskPolicy = Objects.requireNonNull(riskPolicy, "riskPolicy");
        this.protection = Objects.requireNonNull(protection, "protection");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.parallelism = parallelism;
        this.priceFetcher = Objects.requireNonNull(priceFetcher, "priceFetcher");
    }

    /**
     * This service, asking {@code fetcher} for the prices the price book lacks whenever a region's findings
     * have unknown costs, and judging that region again with what it finds.
     */
    public ScanService withPriceFetcher(PriceFetcher fetcher) {
        return new ScanService(inventory, rules, pricer, riskPolicy, protection, clock, parallelism, fetcher);
    }

    /** This service, judging with {@code judging} instead (an organization's own thresholds). */
    public ScanService withRules(RuleSet judging) {
        return new ScanService(inventory, judging, pricer, riskPolicy, protection, clock, parallelism, priceFetcher);
    }

    /** How a region asked for that the account has not enabled (or that is no region) is reported, as a failed region. */
    public static final String NOT_ENABLED = "not a region this account has enabled";

    /**
     * Scans and reports.
     *
     * @throws InventoryException when the one account asked for cannot even list its regions (nothing could be scanned);
     *                            of several accounts, one that cannot is reported in {@link ScanReport#failedAccounts()}
     */
    public ScanReport scan(ScanRequest request, ScanListener listener) {
        Instant startedAt = clock.instant();
        List<RegionTask> tasks = new ArrayList<>();
        List<ScanReport.FailedAccount> failedAccounts = new ArrayList<>();
        List<FailedRegion> notEnabled = new ArrayList<>();
        for (Account account : request.accounts()) {
            List<Region> regions;
            try {
                List<Region> enabled = inventory.enabledRegions(account);
                regions = request.regions().orElse(enabled);
                for (Region region : regions) {
                    if (!enabled.contains(region)) {
                        notEnabled.add(new FailedRegion(account.id(), region, NOT_ENABLED + " (its regions: "
                                + String.join(", ", enabled.stream().map(Region::code).sorted().toList()) + ")"));
                    }
                }
                regions = regions.stream().filter(enabled::contains).toList();
            } catch (InventoryException e) {
                if (request.accounts().size() == 1) {
                    throw e;
                }
                failedAccounts.add(new ScanReport.FailedAccount(account.id(), e.getMessage()));
                continue;
            }
            for (Region region : regions) {
                tasks.add(new RegionTask(account, region));
            }
        }
        Progress progress = new Progress(tasks.size(), listener);
        List<RegionResult> results = runAll(tasks, task -> scanRegion(task, startedAt, request, progress));

        List<Finding> findings = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<FailedRegion> failed = new ArrayList<>(notEnabled);
        List<ScanGap> gaps = new ArrayList<>();
        int resources = 0;
        List<ScanReport.RegionSeen> seen = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            RegionResult result = results.get(i);
            if (result.failure() == null) {
                seen.add(new ScanReport.RegionSeen(tasks.get(i).account().id(), tasks.get(i).region(), result.resources()));
            }
            findings.addAll(result.findings());
            gaps.addAll(result.gaps());
            diagnostics.addAll(result.diagnostics());
            resources += result.resources();
            if (result.failure() != null) {
                failed.add(result.failure());
            }
        }
        findings.sort(MOST_EXPENSIVE_FIRST);
        TreeSet<Region> scanned = new TreeSet<>(tasks.stream().map(RegionTask::region).toList());
        notEnabled.forEach(refused -> scanned.add(refused.region()));
        List<Region> regions = List.copyOf(scanned);
        return new ScanReport(request.startedBy(), startedAt, clock.instant(), request.accounts(), regions, failed, gaps, resources, findings,
                diagnostics, failedAccounts, seen).withMinimumMonthlyCost(request.minMonthlyCost());
    }

    private RegionResult scanRegion(RegionTask task, Instant now, ScanRequest request, Progress progress) {
        RegionResult result;
        try {
            result = evaluate(task, now);
        } catch (InventoryException e) {
            result = RegionResult.failed(new FailedRegion(task.account().id(), task.region(), e.getMessage()));
        } catch (RuntimeException e) {
            result = RegionResult.failed(new FailedRegion(task.account().id(), task.region(),
                    "unexpected error: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())));
        }
        progress.regionDone(result);
        return result;
    }

    private RegionResult evaluate(RegionTask task, Instant now) {
        RegionInventory regionInventory = inventory.describe(task.account(), task.region());
        List<Resource> candidates = regionInventory.resources().stream().filter(resource -> !protection.protects(resource)).toList();
        RuleContext region = new RuleContext(now, regionInventory, MetricData.NONE, pricer, riskPolicy);
        List<MetricQuery> queries = candidates.stream().flatMap(resource -> rules.metricQueries(resource, region).stream()).toList();
        MetricData metrics = queries.isEmpty() ? MetricData.NONE : inventory.metrics(task.account(), task.region(), queries, now);

        Set<PriceKey> priced = new HashSet<>();
        Judgement judged = judge(region.with(metrics, pricer.recording(priced::add)), candidates);
        List<Diagnostic> diagnostics = new ArrayList<>();
        if (priceFetcher != PriceFetcher.NONE) {
            PriceBook prices = pricer.book();
            boolean changed = false;
            try {
                PriceBook fresh = priceFetcher.refresh(priced);
                prices = prices.overlay(fresh);
                changed = fresh.size() > 0;
            } catch (InventoryException unrefreshed) {
                // the book's prices stand; a finding's card says how old they are
            }
            Set<PriceKey> missingPrices = judged.missingPrices();
            if (!missingPrices.isEmpty()) {
                try {
                    PriceBook found = priceFetcher.fetch(missingPrices);
                    prices = prices.overlay(found);
                    changed |= found.size() > 0;
                } catch (InventoryException e) {
                    judged.findings().stream().filter(finding -> finding.monthlyCost().isEmpty()).forEach(finding ->
                            diagnostics.add(new Diagnostic(finding.ruleId(), finding.resource(), "price refresh failed: " + e.getMessage())));
                }
            }
            if (changed) {
                judged = judge(region.with(metrics, new Pricer(prices)), candidates);
            }
        }
        diagnostics.addAll(judged.diagnostics());
        List<Finding> findings = judged.findings();
        List<ScanGap> gaps = regionInventory.gaps().stream()
                .map(gap -> new ScanGap(task.account().id(), task.region(), gap.types(), gap.error()))
                .toList();
        return new RegionResult(regionInventory.resources().size(), findings, diagnostics, gaps, null);
    }

    /** Every rule's verdict on every candidate, in one context: the region with its metrics and one pricer. */
    private Judgement judge(RuleContext context, List<Resource> candidates) {
        List<Finding> findings = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (Resource resource : candidates) {
            for (Map.Entry<String, Verdict> verdict : rules.evaluate(resource, context).entrySet()) {
                if (verdict.getValue() instanceof Verdict.Waste waste) {
                    findings.add(waste.finding());
                } else if (verdict.getValue() instanceof Verdict.InsufficientData missing) {
                    diagnostics.add(new Diagnostic(verdict.getKey(), resource.ref(), missing.detail()));
                }
            }
        }
        return new Judgement(findings, diagnostics);
    }

    private record Judgement(List<Finding> findings, List<Diagnostic> diagnostics) {
        /** The prices whose absence left a finding's cost unknown. */
        Set<PriceKey> missingPrices() {
            Set<PriceKey> missing = new HashSet<>();
            for (Finding finding : findings) {
                if (finding.cost() instanceof Cost.Unknown unknown) {
                    missing.addAll(unknown.missing());
                }
            }
            return missing;
        }
    }

    private List<RegionResult> runAll(List<RegionTask> tasks, Function<RegionTask, RegionResult> work) {
        if (tasks.isEmpty()) {
            return List.of();
        }
        ExecutorService executor = Executors.newFixedThreadPool(Math.min(parallelism, tasks.size()), scanThreads());
        try {
            List<Future<RegionResult>> futures = tasks.stream().map(task -> executor.submit(() -> work.apply(task))).toList();
            List<RegionResult> results = new ArrayList<>(futures.size());
            for (Future<RegionResult> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("scan task failed", e.getCause());
        } finally {
            executor.shutdownNow();
        }
    }

    private static ThreadFactory scanThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "scan-region-" + counter.incrementAndGet());
            thread.setDaemon(true);
            // background work, below the requests a server acknowledges (see ChatWork)
            thread.setPriority(Thread.MIN_PRIORITY);
            return thread;
        };
    }

    private record RegionTask(Account account, Region region) {
    }

    private record RegionResult(int resources, List<Finding> findings, List<Diagnostic> diagnostics, List<ScanGap> gaps,
                                FailedRegion failure) {
        static RegionResult failed(FailedRegion failure) {
            return new RegionResult(0, List.of(), List.of(), List.of(), failure);
        }
    }

    /** Counts finished regions and tells the listener, one region at a time. */
    private static final class Progress {
        private final int total;
        private final ScanListener listener;
        private int done;
        private int resources;
        private int findings;
        private Money monthly = Money.ZERO;

        Progress(int total, ScanListener listener) {
            this.total = total;
            this.listener = listener;
        }

        synchronized void regionDone(RegionResult result) {
            done++;
            resources += result.resources();
            findings += result.findings().size();
            for (Finding finding : result.findings()) {
                monthly = monthly.plus(finding.monthlyCost().orElse(Money.ZERO));
            }
            listener.onProgress(new ScanProgress(done, total, resources, findings, monthly));
        }
    }
}
