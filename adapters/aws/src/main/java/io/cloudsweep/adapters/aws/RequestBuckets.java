package io.cloudsweep.adapters.aws;

import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Client-side pacing: every request, retries included, waits for a token from the bucket of its API family
 * in its region before it goes out, so a large scan or a bulk cleanup stays under AWS's request-rate buckets
 * instead of bouncing off them and burning retries. EC2 keeps a bucket per API action: non-mutating
 * ({@code Describe*}) ones 100 burst and 20 a second, mutating ones 200 burst and 5 a second; CloudWatch
 * {@code GetMetricData} 50 a second. Reads are paced at 90% of those rates. Mutating calls are paced at 99%: a bulk
 * cleanup's length is set by their 5 a second, so each percent held back is a percent longer; should someone else's calls
 * drain the same bucket, the SDK's retry of {@code RequestLimitExceeded} is still there behind the pacing. For RDS and Elastic Load Balancing we found no published
 * figure and pace at 20 a second, burst 40, the order EC2 publishes for its own describe calls. Thread-safe.
 */
final class RequestBuckets implements ExecutionInterceptor {

    /** A token bucket's size and refill rate. */
    record Rate(double burst, double perSecond) {
        Rate scaled(double factor) {
            return new Rate(Math.max(1, burst * factor), perSecond * factor);
        }
    }

    static final Rate EC2_DESCRIBE = new Rate(100, 20);
    static final Rate EC2_MUTATING = new Rate(200, 5);
    static final Rate CLOUDWATCH_GET_METRIC_DATA = new Rate(50, 50);
    static final Rate OTHER = new Rate(40, 20);
    private static final double READ_HEADROOM = 0.9;
    private static final double MUTATING_HEADROOM = 0.99;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    RequestBuckets() {
        this(System::nanoTime);
    }

    RequestBuckets(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Region region = attributes.getAttribute(AwsExecutionAttribute.AWS_REGION);
        acquire(service, operation, region == null ? "global" : region.id());
    }

    /** Blocks until the bucket of this call's family has a token. */
    void acquire(String service, String operation, String region) {
        String family = family(service, operation);
        Bucket bucket = buckets.computeIfAbsent(region + "/" + family, key -> new Bucket(rateOf(family), nanoTime));
        long waitNanos = bucket.take();
        if (waitNanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing AWS calls", e);
            }
        }
    }

    static String family(String service, String operation) {
        if ("Ec2".equalsIgnoreCase(service) && operation != null) {
            return (operation.startsWith("Describe") ? "ec2-describe:" : "ec2-mutating:") + operation;
        }
        if ("CloudWatch".equalsIgnoreCase(service) && "GetMetricData".equals(operation)) {
            return "cloudwatch-getmetricdata";
        }
        return String.valueOf(service).toLowerCase(Locale.ROOT);
    }

    /** The rate this client keeps to for {@code family}: AWS's, less the headroom. */
    static Rate rateOf(String family) {
        if (family.startsWith("ec2-mutating:")) {
            return EC2_MUTATING.scaled(MUTATING_HEADROOM);
        }
        Rate published = family.startsWith("ec2-describe:") ? EC2_DESCRIBE
                : family.equals("cloudwatch-getmetricdata") ? CLOUDWATCH_GET_METRIC_DATA : OTHER;
        return published.scaled(READ_HEADROOM);
    }

    /** A token bucket that hands out reservations: a caller takes a token now and waits until it is due. */
    static final class Bucket {
        private final double burst;
        private final double perNano;
        private final LongSupplier nanoTime;
        private double tokens;
        private long updatedAt;

        Bucket(Rate rate, LongSupplier nanoTime) {
            this.burst = rate.burst();
            this.perNano = rate.perSecond() / 1e9;
            this.nanoTime = nanoTime;
            this.tokens = rate.burst();
            this.updatedAt = nanoTime.getAsLong();
        }

        /** Takes a token, possibly one not yet refilled; returns how long to wait for it, in nanoseconds. */
        synchronized long take() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - updatedAt) * perNano);
            updatedAt = now;
            tokens -= 1;
            return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
        }
    }
}
