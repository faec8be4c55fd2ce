package io.cloudsweep.bot.notify;

import io.cloudsweep.storage.Outbox;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Delivers a notification to a webhook: a JSON POST signed with HMAC-SHA256 over {@code <unix seconds>.<body>} under the
 * target's secret ({@code CloudSweep-Signature: t=...,v1=...}), with the outbox row's idempotency key, so a receiver
 * can check the sender and the time (refusing requests over 5 minutes off) and tell a retry from a new event.
 * A 2xx answer delivers; 410 Gone refuses for good; anything else, or no answer within 10 seconds, is tried again.
 */
public final class WebhookSender {

    static final String SIGNATURE = "CloudSweep-Signature";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    private final Clock clock;

    public WebhookSender(Clock clock) {
        this.clock = clock;
    }

    Outbox.Result send(Outbox.Delivery delivery, String body) {
        String secret = delivery.secret().orElseThrow(() -> new IllegalStateException("webhook #" + delivery.targetId() + " has no secret"));
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.address())).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "CloudSweep-Webhooks")
                .header("CloudSweep-Event", delivery.event().id())
                .header("CloudSweep-Delivery-Attempt", String.valueOf(delivery.attempt()))
                .header(IDEMPOTENCY_KEY, delivery.idempotencyKey())
                .header(SIGNATURE, "t=" + timestamp + ",v1=" + signature(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Outbox.Delivered();
            }
            return new Outbox.Failed("HTTP " + status + " from the webhook", status == 410);
        } catch (IOException e) {
            return new Outbox.Failed("the webhook could not be reached: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outbox.Failed("interrupted while delivering", false);
        }
    }

    /** Hex HMAC-SHA256 of {@code <timestamp>.<body>} under {@code secret}: what a receiver computes to check a request. */
    static String signature(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java", e);
        }
    }
}
