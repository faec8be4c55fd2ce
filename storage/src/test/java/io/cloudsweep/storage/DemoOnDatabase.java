package io.cloudsweep.storage;

import io.cloudsweep.engine.approval.RiskPolicy;
import io.cloudsweep.engine.cleanup.CleanupActions;
import io.cloudsweep.engine.cleanup.CleanupService;
import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.demo.DemoCleanupActions;
import io.cloudsweep.engine.demo.DemoCloud;
import io.cloudsweep.engine.pricing.PriceBook;
import io.cloudsweep.engine.pricing.Pricer;
import io.cloudsweep.engine.rules.Protection;
import io.cloudsweep.engine.rules.RuleSet;
import io.cloudsweep.engine.scan.ScanListener;
import io.cloudsweep.engine.scan.ScanReport;
import io.cloudsweep.engine.scan.ScanRequest;
import io.cloudsweep.engine.scan.ScanService;
import io.cloudsweep.engine.store.Organization;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** A clean test database holding one scan of the demo account, connected to the console organization. */
final class DemoOnDatabase {

    static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final Database database = TestDatabase.get();
    final Organization console = new Organizations(database).console();
    final DemoCloud cloud = DemoCloud.at(NOW);
    final ScanReport scan;

    DemoOnDatabase(boolean cleanupsEnabled) {
        new AwsAccounts(database).connect(console.id(), DemoCloud.ACCOUNT.id(), DemoCloud.ACCOUNT.name(), Optional.empty(), Optional.empty(),
                cleanupsEnabled);
        scan = scanService().scan(ScanRequest.allRegions(List.of(DemoCloud.ACCOUNT), "test"), ScanListener.NONE);
        new PostgresFindingStore(database).save(console, scan);
    }

    ScanService scanService() {
        return scanService(clock);
    }

    /** Scans of the demo account as of {@code at}'s time (a later scan than the first needs a later clock). */
    ScanService scanService(Clock at) {
        return new ScanService(cloud, RuleSet.standard(Settings.empty()), new Pricer(PriceBook.embedded()),
                new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), at, 3);
    }

    CleanupService cleanupService(PostgresCleanupStore store) {
        return cleanupService(store, new DemoCleanupActions(cloud, clock));
    }

    CleanupService cleanupService(PostgresCleanupStore store, CleanupActions actions) {
        return new CleanupService(store, cloud, actions, RuleSet.standard(Settings.empty()),
                new Pricer(PriceBook.embedded()), new RiskPolicy(RiskPolicy.Parameters.defaults()), Protection.from(Settings.empty()), clock);
    }

    long findingId(String resourceId) {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT id FROM findings WHERE resource_id = :id")
                .bind("id", resourceId).mapTo(Long.class).one());
    }

    int count(String sql) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(Integer.class).one());
    }

    String text(String sql) {
        return database.jdbi().withHandle(handle -> handle.createQuery(sql).mapTo(String.class).one());
    }
}
