package io.cloudsweep.storage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Deliveries remembered in the real database: the first of each is the only first, whichever replica sees it. */
class ChatDeliveriesTest {

    private final Database database = TestDatabase.get();

    @Test
    void aDeliveryIsFirstOnceAndOtherDeliveriesAreTheirOwn() {
        ChatDeliveries deliveries = new ChatDeliveries(database);

        assertThat(deliveries.firstTime("teams/a:1/m-1")).isTrue();
        assertThat(deliveries.firstTime("teams/a:1/m-1")).as("delivered again").isFalse();
        assertThat(deliveries.firstTime("teams/a:1/m-2")).isTrue();
        assertThat(deliveries.firstTime("teams/a:2/m-1")).as("the same id in another conversation").isTrue();
    }

    @Test
    void ofTwentyDeliveriesOfOneActivityToTwoReplicasAtOnceExactlyOneIsFirst() throws Exception {
        ChatDeliveries one = new ChatDeliveries(database);
        ChatDeliveries two = new ChatDeliveries(database);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> firsts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ChatDeliveries replica = i % 2 == 0 ? one : two;
                firsts.add(threads.submit(() -> replica.firstTime("teams/a:1/m-concurrent")));
            }
            int first = 0;
            for (Future<Boolean> answer : firsts) {
                first += answer.get() ? 1 : 0;
            }
            assertThat(first).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void deliveriesOlderThanADayAreForgotten() {
        ChatDeliveries deliveries = new ChatDeliveries(database);
        deliveries.firstTime("teams/a:1/old");
        deliveries.firstTime("teams/a:1/new");
        database.jdbi().useHandle(handle -> handle.execute("UPDATE chat_deliveries SET seen_at = now() - interval '25 hours'"
                + " WHERE delivery = 'teams/a:1/old'"));

        assertThat(deliveries.forgetOld()).isEqualTo(1);
        assertThat(deliveries.firstTime("teams/a:1/old")).as("forgotten, so first again").isTrue();
        assertThat(deliveries.firstTime("teams/a:1/new")).isFalse();
    }
}
