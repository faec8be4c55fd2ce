package io.cloudsweep.storage;

import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.store.NotifyEvent;
import io.cloudsweep.engine.store.NotifyTargets;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.testing.MovingClock;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbox on PostgreSQL: written with the change or not at all, delivered once per target, retried, kept while a target is disabled. */
class OutboxTest {

    private static final Instant NOW = Instant.parse("2026-12-04T09:00:00Z");
    private static final Outbox.Policy POLICY = new Outbox.Policy(3, Duration.ofSeconds(30), Duration.ofHours(1));

    private final MovingClock clock = new MovingClock(NOW);
    private final Database database = TestDatabase.get();
    private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());
    private final Organization acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T0ACME", "Acme");
    private final PostgresNotifyTargets targets = new PostgresNotifyTargets(database, box, clock);
    private final Outbox outbox = new Outbox(database, box, POLICY, clock);

    private NotifyTargets.Added add(NotifyTargets.Kind kind, String address, Set<NotifyEvent> events, String minimum) {
        return (NotifyTargets.Added) targets.add(acme.id(), new NotifyTargets.Request(kind, address, events, Money.usd(minimum),
                acme.platform(), "C0OPS"), "U0ANA");
    }

    private void enqueue(NotifyEvent event, String key, String monthly) {
        database.jdbi().useTransaction(handle -> Outbox.enqueue(handle, acme.id(), event, key, Map.of("scan", 7), new BigDecimal(monthly), NOW));
    }

    private long rows() {
        return database.jdbi().withHandle(handle -> handle.createQuery("SELECT count(*) FROM outbox").mapTo(Long.class).one());
    }

    @Test
    void anEventIsWrittenWithItsChangeOrNotAtAllOnceForEachTargetThatTakesIt() {
        NotifyTargets.Added hook = add(NotifyTargets.Kind.WEBHOOK, "https://hooks.example.com/a", Set.of(NotifyEvent.values()), "0");
        add(NotifyTargets.Kind.EMAIL, "ops@example.com", Set.of(NotifyEvent.CLEANUP_FAILED), "0");
        add(NotifyTargets.Kind.EMAIL, "finance@example.com", Set.of(NotifyEvent.NEW_FINDINGS), "100");

        assertThatThrownBy(() -> database.jdbi().useTransaction(handle -> {
            Outbox.enqueue(handle, acme.id(), NotifyEvent.CLEANUP_FAILED, "cleanup-1-failed", Map.of("cleanup", "C-1"), BigDecimal.ZERO, NOW);
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");
        assertThat(rows()).as("rolled back with the change").isZero();

        enqueue(NotifyEvent.CLEANUP_FAILED, "cleanup-1-failed", "0");
        enqueue(NotifyEvent.CLEANUP_FAILED, "cleanup-1-failed", "0");
        enqueue(NotifyEvent.NEW_FINDINGS, "scan-7-new", "99.99");
        enqueue(NotifyEvent.NEW_FINDINGS, "scan-8-new", "100.00");

        List<String> keys = database.jdbi().withHandle(handle -> handle.createQuery("SELECT idempotency_key FROM outbox ORDER BY id")
                .mapTo(String.class).list());
        long hookId = hook.target().id();
        assertThat(keys).containsExactlyInAnyOrder("cloudsweep-cleanup-1-failed-t" + hookId, "cloudsweep-cleanup-1-failed-t" + (hookId + 1),
                "cloudsweep-scan-7-new-t" + hookId, "cloudsweep-scan-8-new-t" + hookId, "cloudsweep-scan-8-new-t" + (hookId + 2));
        assertThat(hook.secret()).hasValueSatisfying(secret -> assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40));
        byte[] stored = database.jdbi().withHandle(handle -> handle.createQuery("SELECT secret_ciphertext FROM notify_targets WHERE id = :id")
                .bind("id", hookId).mapTo(byte[].class).one());
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(hook.secret().get());
    }

    @Test
    void aFailedAttemptIsRetriedAfterItsWaitAndDeliveredOnceWithTheSameKeyAndTheSecret() {
        NotifyTargets.Added hook = add(NotifyTargets.Kind.WEBHOOK, "https://hooks.example.com/a", Set.of(NotifyEvent.CLEANUP_FAILED), "0");
        enqueue(NotifyEvent.CLEANUP_FAILED, "cleanup-1-failed", "0");
        List<Outbox.Delivery> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        Outbox.Run first = outbox.deliverDue(10, delivery -> {
            seen.add(delivery);
            return new Outbox.Failed("HTTP 503", false);
        });
        Outbox.Run tooSoon = outbox.deliverDue(10, delivery -> new Outbox.Delivered());
        clock.advance(Duration.ofSeconds(30));
        Outbox.Run second = outbox.deliverDue(10, delivery -> {
            seen.add(delivery);
            return new Outbox.Delivered();
        });
        clock.advance(Duration.ofHours(2));
        Outbox.Run after = outbox.deliverDue(10, delivery -> new Outbox.Delivered());

        assertThat(first.retried()).isEqualTo(1);
        assertThat(tooSoon.delivered()).as("not before its wait").isZero();
        assertThat(second.delivered()).isEqualTo(1);
        assertThat(after.delivered()).as("delivered once").isZero();
        assertThat(seen).extracting(Outbox.Delivery::attempt).containsExactly(1, 2);
        assertThat(seen).extracting(Outbox.Delivery::idempotencyKey).containsOnly("cloudsweep-cleanup-1-failed-t" + hook.target().id());
        assertThat(seen.get(0).secret()).isEqualTo(hook.secret());
        assertThat(seen.get(0).payload()).contains("\"scan\": 7");
        assertThat(outbox.backlog()).isZero();
    }

    @Test
    void aTargetThatKeepsFailingIsDisabledOnceItsEventsKeptAndSentWhenEnabledAgain() {
        NotifyTargets.Added hook = add(NotifyTargets.Kind.WEBHOOK, "https://hooks.example.com/a?token=x", Set.of(NotifyEvent.SCAN_FINISHED), "0");
        enqueue(NotifyEvent.SCAN_FINISHED, "scan-1", "0");
        enqueue(NotifyEvent.SCAN_FINISHED, "scan-2", "0");
        List<Outbox.Disabled> disabled = new java.util.ArrayList<>();
        for (int round = 0; round < 6; round++) {
            disabled.addAll(outbox.deliverDue(10, delivery -> new Outbox.Failed("HTTP 500", false)).disabled());
            clock.advance(Duration.ofHours(1));
        }

        assertThat(disabled).singleElement().satisfies(off -> {
            assertThat(off.targetId()).isEqualTo(hook.target().id());
            assertThat(off.conversation()).isEqualTo("C0OPS");
            assertThat(off.address()).isEqualTo("https://hooks.example.com/a?…");
            assertThat(off.reason()).startsWith("a delivery failed 3 times (last: HTTP 500)");
        });
        assertThat(targets.targets(acme.id())).singleElement().satisfies(target -> assertThat(target.disabled()).isPresent());
        assertThat(outbox.backlog()).as("kept").isEqualTo(2);
        assertThat(outbox.deliverDue(10, delivery -> new Outbox.Delivered()).delivered()).as("nothing while disabled").isZero();

        assertThat(targets.enable(acme.id(), hook.target().id(), "U0ANA")).isTrue();
        assertThat(outbox.deliverDue(10, delivery -> new Outbox.Delivered()).delivered()).isEqualTo(2);
        assertThat(new PostgresAuditLog(database).recent(acme.id(), 10)).extracting(entry -> entry.action())
                .contains("notify.added", "notify.disabled", "notify.enabled");
    }

    @Test
    void twoReplicasDeliveringAtOnceSendEachEventOnce() throws Exception {
        add(NotifyTargets.Kind.WEBHOOK, "https://hooks.example.com/a", Set.of(NotifyEvent.SCAN_FINISHED), "0");
        for (int scan = 0; scan < 40; scan++) {
            enqueue(NotifyEvent.SCAN_FINISHED, "scan-" + scan, "0");
        }
        ConcurrentMap<String, AtomicInteger> sent = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService replicas = Executors.newFixedThreadPool(2);
        try {
            List<Future<Outbox.Run>> runs = List.of(replicas.submit(() -> deliver(start, sent)), replicas.submit(() -> deliver(start, sent)));
            start.countDown();
            int delivered = 0;
            for (Future<Outbox.Run> run : runs) {
                delivered += run.get().delivered();
            }
            assertThat(delivered).isEqualTo(40);
        } finally {
            replicas.shutdownNow();
        }
        assertThat(sent).hasSize(40).allSatisfy((key, times) -> assertThat(times.get()).as(key).isEqualTo(1));
    }

    private Outbox.Run deliver(CountDownLatch start, ConcurrentMap<String, AtomicInteger> sent) throws InterruptedException {
        Outbox replica = new Outbox(database, box, POLICY, clock);
        start.await();
        return replica.deliverDue(100, delivery -> {
            sent.computeIfAbsent(delivery.idempotencyKey(), key -> new AtomicInteger()).incrementAndGet();
            return new Outbox.Delivered();
        });
    }
}
