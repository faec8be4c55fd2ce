package io.cloudsweep.adapters.aws.bench;

import io.cloudsweep.adapters.aws.fake.FakeAws;
import io.cloudsweep.adapters.aws.fake.SyntheticCloud;
import io.cloudsweep.engine.model.Account;

import java.time.Duration;
import java.time.Instant;

/**
 * Runs the loopback fake AWS in its own process for the benchmark, so the scanner's heap is measured alone.
 * Arguments: resources, latency in ms, epoch second of "now", and optionally how many of the 17 default regions
 * the account has (all when left out) and {@code mirror}, for every account reached through a role to see the same
 * resources as its own (see {@link FakeAws#mirrorAccounts}). Prints {@code port N} when ready; stops when its
 * standard input closes.
 */
public final class FakeAwsMain {

    private FakeAwsMain() {
    }

    public static void main(String[] args) throws Exception {
        int resources = Integer.parseInt(args[0]);
        Duration latency = Duration.ofMillis(Long.parseLong(args[1]));
        Instant now = Instant.ofEpochSecond(Long.parseLong(args[2]));
        Account account = new Account(ScanBenchmark.ACCOUNT_ID, "benchmark");
        int regions = args.length > 3 ? Integer.parseInt(args[3]) : SyntheticCloud.DEFAULT_REGIONS.size();
        SyntheticCloud world = SyntheticCloud.spread(account, SyntheticCloud.DEFAULT_REGIONS.subList(0, regions), resources, now);
        boolean mirror = args.length > 4 && args[4].equals("mirror");
        try (FakeAws fake = FakeAws.start(world, account, now).latency(latency).rateLimits(true).mirrorAccounts(mirror)) {
            System.out.println("port " + fake.endpoint().getPort() + " resources " + world.size());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the benchmark to close our standard input
            }
        }
    }
}
