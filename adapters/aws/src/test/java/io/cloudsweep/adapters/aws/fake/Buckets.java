package io.cloudsweep.adapters.aws.fake;

/**
 * AWS's request-rate token buckets, as the fake enforces them when asked to: per region and, as EC2 documents its
 * request rate limiting, per API action.
 */
final class Buckets {

    record Rate(double burst, double perSecond) {
    }

    private Buckets() {
    }

    /**
     * EC2 non-mutating actions (Describe*): 100 burst, 20 a second; EC2 mutating actions: 200 burst, 5 a second;
     * CloudWatch GetMetricData: 50 a second. Other calls are not limited.
     */
    static Rate rateFor(String service, String action) {
        if (service.equals("ec2")) {
            return action.startsWith("Describe") ? new Rate(100, 20) : new Rate(200, 5);
        }
        if (service.equals("monitoring") && action.equals("GetMetricData")) {
            return new Rate(50, 50);
        }
        return null;
    }

    static final class Bucket {
        private final double burst;
        private final double perNano;
        private double tokens;
        private long updatedAt = System.nanoTime();

        Bucket(Rate rate) {
            this.burst = rate.burst();
            this.perNano = rate.perSecond() / 1e9;
            this.tokens = rate.burst();
        }

        synchronized boolean tryTake() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - updatedAt) * perNano);
            updatedAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
