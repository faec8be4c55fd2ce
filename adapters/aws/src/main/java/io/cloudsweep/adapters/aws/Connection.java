package io.cloudsweep.adapters.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.costexplorer.CostExplorerClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What every client of one account shares: one HTTP connection pool, one credentials provider (so a
 * role is assumed once per account and its session refreshed before it expires, whatever the number of
 * regions), the retry strategy, the pacer and the endpoint override. Clients are made once per region and
 * service and kept. Thread-safe; close it when the scan is done.
 */
final class Connection implements AutoCloseable {

    /** Where STS and DescribeRegions go when nothing says otherwise. */
    static final Region HOME = Region.US_EAST_1;
    /** The Pricing API answers in us-east-1. */
    static final Region PRICING_REGION = Region.US_EAST_1;
    private static final int MAX_ATTEMPTS = 8;
    /** Counts every client's calls; holds nothing, so one serves all. */
    private static final CallCounter CALLS = new CallCounter();
    /**
     * The timers of every client's attempt timeouts, shared. Left to itself the SDK gives each client a pool of its own
     * (up to five threads): five services in 17 regions of 100 accounts made 28,000 threads. A finished call cancels its
     * timer, which then leaves the queue at once.
     */
    private static final ScheduledExecutorService TIMEOUTS = timeouts();

    private final AwsOptions options;
    private final SdkHttpClient http;
    private final RequestBuckets pacer;
    private final StsClient sts;
    private final AwsCredentialsProvider credentials;
    private final Region home;
    private final Map<String, AutoCloseable> clients = new ConcurrentHashMap<>();

    Connection(AwsOptions options, RequestBuckets pacer) {
        this.options = options;
        this.pacer = pacer;
        this.http = ApacheHttpClient.builder()
                .maxConnections(Math.max(16, options.concurrency() * 2))
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
        this.home = homeRegion(options.profile());
        AwsCredentialsProvider base = options.credentials().orElseGet(() -> options.profile()
                .<AwsCredentialsProvider>map(name -> ProfileCredentialsProvider.builder().profileName(name).build())
                .orElseGet(() -> DefaultCredentialsProvider.builder().build()));
        this.sts = configure(StsClient.builder(), home, base).build();
        this.credentials = options.roleArn().<AwsCredentialsProvider>map(arn -> StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(sts)
                        .refreshRequest(request -> request
                                .roleArn(arn)
                                .roleSessionName("cloudsweep-scan")
                                .externalId(options.externalId().orElse(null))
                                .durationSeconds(3600))
                        .build())
                .orElse(base);
    }

    Region home() {
        return home;
    }

    StsClient sts() {
        return client("sts", home, () -> configure(StsClient.builder(), home, credentials).build());
    }

    Ec2Client ec2(Region region) {
        return client("ec2", region, () -> configure(Ec2Client.builder(), region, credentials).build());
    }

    RdsClient rds(Region region) {
        return client("rds", region, () -> configure(RdsClient.builder(), region, credentials).build());
    }

    AutoScalingClient autoScaling(Region region) {
        return client("autoscaling", region, () -> configure(AutoScalingClient.builder(), region, credentials).build());
    }

    ElasticLoadBalancingClient elb(Region region) {
        return client("elb", region, () -> configure(ElasticLoadBalancingClient.builder(), region, credentials).build());
    }

    ElasticLoadBalancingV2Client elbv2(Region region) {
        return client("elbv2", region, () -> configure(ElasticLoadBalancingV2Client.builder(), region, credentials).build());
    }

    CloudWatchClient cloudWatch(Region region) {
        return client("cloudwatch", region, () -> configure(CloudWatchClient.builder(), region, credentials).build());
    }

    PricingClient pricing() {
        return client("pricing", PRICING_REGION, () -> configure(PricingClient.builder(), PRICING_REGION, credentials).build());
    }

    /** Cost Explorer, which answers in us-east-1 for the whole account. */
    CostExplorerClient costExplorer() {
        return client("ce", PRICING_REGION, () -> configure(CostExplorerClient.builder(), PRICING_REGION, credentials).build());
    }

    /**
     * S3 in the home region; it follows a bucket to its own region. Path-style addressing when an endpoint is set, as
     * local S3-compatible servers expect.
     */
    S3Client s3() {
        return client("s3", home, () -> configure(S3Client.builder(), home, credentials).crossRegionAccessEnabled(true)
                .forcePathStyle(endpoint().isPresent()).build());
    }

    @SuppressWarnings("unchecked")
    private <C extends AutoCloseable> C client(String service, Region region, Supplier<C> create) {
        return (C) clients.computeIfAbsent(service + "/" + region.id(), key -> create.get());
    }

    private <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, Region region,
                                                                                       AwsCredentialsProvider provider) {
        builder.region(region).credentialsProvider(provider).overrideConfiguration(overrides());
        builder.httpClient(http);
        endpoint().ifPresent(builder::endpointOverride);
        return builder;
    }

    /**
     * Retries: the SDK's standard strategy (it retries throttling codes such as RequestLimitExceeded,
     * Throttling and ThrottlingException, and 5xx), more attempts, and full-jitter exponential backoff,
     * longer for throttling; with the pacer in front, throttling should be rare anyway.
     */
    private ClientOverrideConfiguration overrides() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(MAX_ATTEMPTS)
                        .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(100), Duration.ofSeconds(10)))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(500), Duration.ofSeconds(20)))
                        .circuitBreakerEnabled(false)
                        .build())
                .addExecutionInterceptor(pacer)
                .addMetricPublisher(CALLS)
                .apiCallAttemptTimeout(options.attemptTimeout())
                .scheduledExecutorService(TIMEOUTS)
                .build();
    }

    private static ScheduledExecutorService timeouts() {
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "aws-timeouts-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }

    /** The endpoint for every service: {@code --endpoint-url}, else {@code AWS_ENDPOINT_URL}, else AWS's own. */
    private Optional<URI> endpoint() {
        return options.endpoint().or(() -> Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL"))
                .filter(url -> !url.isBlank()).map(URI::create));
    }

    /**
     * The region configured for the credentials: {@code aws.region}, {@code AWS_REGION}, {@code AWS_DEFAULT_REGION},
     * the profile's {@code region}, else us-east-1. Unlike the SDK's default region chain this never asks the
     * instance metadata service, which would stall a scan run off EC2.
     */
    private static Region homeRegion(Optional<String> profile) {
        Optional<String> configured = Optional.ofNullable(System.getProperty("aws.region"))
                .or(() -> Optional.ofNullable(System.getenv("AWS_REGION")))
                .or(() -> Optional.ofNullable(System.getenv("AWS_DEFAULT_REGION")))
                .or(() -> profileRegion(profile.or(() -> Optional.ofNullable(System.getenv("AWS_PROFILE"))).orElse("default")))
                .filter(region -> !region.isBlank());
        return configured.map(Region::of).orElse(HOME);
    }

    private static Optional<String> profileRegion(String profile) {
        try {
            return ProfileFile.defaultProfileFile().profile(profile).flatMap(found -> found.property(ProfileProperty.REGION));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable client : clients.values()) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing is best effort: the scan is over
            }
        }
        if (credentials instanceof AutoCloseable closeable && credentials != options.credentials().orElse(null)) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // best effort
            }
        }
        sts.close();
        http.close();
    }
}
