package io.cloudsweep.adapters.aws;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RequestBucketsTest {

    @Test
    void aBucketGivesItsBurstAtOnceThenOneTokenPerRefillInterval() {
        AtomicLong nanos = new AtomicLong();
        RequestBuckets.Bucket bucket = new RequestBuckets.Bucket(new RequestBuckets.Rate(3, 10), nanos::get);

        assertThat(bucket.take()).isZero();
        assertThat(bucket.take()).isZero();
        assertThat(bucket.take()).isZero();
        // Empty: the next token is due in 1/10 s, the one after in 2/10 s.
        assertThat(bucket.take()).isEqualTo(100_000_000L);
        assertThat(bucket.take()).isEqualTo(200_000_000L);
        nanos.addAndGet(1_000_000_000L);
        // A second later the debt of two is paid and one token is spare: refill is capped at the burst.
        assertThat(bucket.take()).isZero();
    }

    @Test
    void eachEc2ActionHasItsOwnBucketAsEc2DocumentsAndGetMetricDataHasOneToo() {
        assertThat(RequestBuckets.family("EC2", "DescribeVolumes")).isEqualTo("ec2-describe:DescribeVolumes");
        assertThat(RequestBuckets.family("EC2", "DescribeInstances")).isEqualTo("ec2-describe:DescribeInstances");
        assertThat(RequestBuckets.family("EC2", "CreateSnapshot")).isEqualTo("ec2-mutating:CreateSnapshot");
        assertThat(RequestBuckets.family("EC2", "DeleteVolume")).isEqualTo("ec2-mutating:DeleteVolume");
        assertThat(RequestBuckets.family("CloudWatch", "GetMetricData")).isEqualTo("cloudwatch-getmetricdata");
        assertThat(RequestBuckets.family("RDS", "DescribeDBInstances")).isEqualTo("rds");
    }

    @Test
    void readsKeepTenPercentBelowAwsRatesAndMutatingCallsOnePercent() {
        assertRate(RequestBuckets.rateOf("ec2-describe:DescribeVolumes"), 90, 18);
        assertRate(RequestBuckets.rateOf("ec2-mutating:DeleteVolume"), 198, 4.95);
        assertRate(RequestBuckets.rateOf("cloudwatch-getmetricdata"), 45, 45);
    }

    private static void assertRate(RequestBuckets.Rate rate, double burst, double perSecond) {
        assertThat(rate.burst()).isCloseTo(burst, within(1e-9));
        assertThat(rate.perSecond()).isCloseTo(perSecond, within(1e-9));
    }
}
