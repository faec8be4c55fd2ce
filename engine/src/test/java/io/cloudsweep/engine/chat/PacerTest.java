package io.cloudsweep.engine.chat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PacerTest {

    @Test
    void messagesToOneConversationWaitForTheirSlots() {
        Pacer pacer = new Pacer(Duration.ofMillis(150));

        long start = System.nanoTime();
        pacer.await("C1");
        pacer.await("C1");
        pacer.await("C1");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    @Timeout(10)
    void eachConversationHasItsOwnSlots() {
        Pacer pacer = new Pacer(Duration.ofHours(1));

        pacer.await("C1");
        pacer.await("C2");
        pacer.await("C3");

        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
