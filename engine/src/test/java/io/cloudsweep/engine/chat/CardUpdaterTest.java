package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.store.StoredFinding;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.cloudsweep.engine.chat.InMemorySweep.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

class CardUpdaterTest {

    private final InMemorySweep sweep = new InMemorySweep();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final CardUpdater updater = new CardUpdater("slack", new MemoryCardLocations(sweep.organization.id()), sweep.stores, sweep.interpreter,
            sweep.clock, Cards::summary, (location, card) -> sent.add(location.messageId()), failures::add);

    @AfterEach
    void close() {
        updater.close();
    }

    @Test
    void aCardSlowToShowDoesNotHoldUpAnotherFindingsCard() throws Exception {
        sweep.typed(sweep.chat(), MEMBER, "scan");
        List<StoredFinding> open = sweep.stores.open(sweep.organization.id(), Optional.empty(), BigDecimal.ZERO);
        StoredFinding slow = open.get(0);
        StoredFinding other = open.stream().filter(f -> Math.floorMod(f.id(), CardUpdater.LANES) != Math.floorMod(slow.id(), CardUpdater.LANES))
                .findFirst().orElseThrow();
        CountDownLatch chatAnswers = new CountDownLatch(1);
        CountDownLatch slowShowing = new CountDownLatch(1);
        CompletableFuture<Void> slowPress = CompletableFuture.runAsync(() -> updater.replace("C0OPS", "1.000001", card(slow), card -> {
            slowShowing.countDown();
            await(chatAnswers);
        }));
        assertThat(slowShowing.await(10, TimeUnit.SECONDS)).as("the first press is being shown").isTrue();

        CompletableFuture<Card> shown = new CompletableFuture<>();
        CompletableFuture.runAsync(() -> updater.replace("C0OPS", "1.000002", card(other), shown::complete));

        assertThat(shown.get(10, TimeUnit.SECONDS)).as("the other finding's card, while the first is still being sent")
                .isInstanceOfSatisfying(Card.FindingCard.class, card -> assertThat(card.findingId().value()).isEqualTo(other.id()));
        assertThat(slowPress).isNotDone();
        chatAnswers.countDown();
        slowPress.get(10, TimeUnit.SECONDS);
        assertThat(failures).isEmpty();
    }

    @Test
    void aCardAlreadyShowingWhatItWouldShowIsNotSentAgain() throws Exception {
        sweep.typed(sweep.chat(), MEMBER, "scan");
        StoredFinding finding = sweep.stores.open(sweep.organization.id(), Optional.empty(), BigDecimal.ZERO).get(0);
        updater.posted("C0OPS", "1.000001", card(finding));
        updater.show(card(finding));

        CompletableFuture<Card> pressed = new CompletableFuture<>();
        updater.replace("C0OPS", "1.000001", card(finding), pressed::complete);

        // the show and then the press ran in turn on the finding's lane, and neither had anything new to show
        assertThat(pressed).isNotDone();
        assertThat(sent).isEmpty();
        assertThat(failures).isEmpty();
    }

    private Card.FindingCard card(StoredFinding finding) {
        return sweep.interpreter.cards().finding(finding, sweep.clock.instant());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
