package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.model.Cost;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.model.PriceSource;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A finding card says where its price comes from and the date its source gives, beside the figure. */
class PriceNoteTest {

    private static Cost known(String origin, Optional<LocalDate> effective) {
        return Cost.known(Money.usd("16.00"), new PriceSource(origin, "a citation", effective));
    }

    @Test
    void saysTheSourceAndItsDate() {
        assertThat(Cards.priceNote(known(PriceSource.EMBEDDED, Optional.of(LocalDate.of(2023, 2, 20)))))
                .isEqualTo(" (AWS price list of 2023-02-20, price book)");
        assertThat(Cards.priceNote(known(PriceSource.PRICING_API, Optional.of(LocalDate.of(2026, 12, 1)))))
                .isEqualTo(" (AWS price list of 2026-12-01, AWS Pricing API)");
        assertThat(Cards.priceNote(known(PriceSource.EMBEDDED + "+" + PriceSource.PRICING_API, Optional.empty())))
                .isEqualTo(" (AWS price, price book and AWS Pricing API)");
    }

    @Test
    void saysNothingItDoesNotKnow() {
        assertThat(Cards.priceNote(Cost.unknown("no price"))).isEmpty();
        assertThat(Cards.priceNote(known("stored", Optional.empty()))).as("stored before sources were kept").isEmpty();
    }

    @Test
    void theDemosCardsShowIt() {
        InMemorySweep sweep = new InMemorySweep();
        MemoryChat chat = sweep.chat();

        sweep.typed(chat, InMemorySweep.MEMBER, "scan");

        assertThat(chat.findingCards()).isNotEmpty().allSatisfy(card -> assertThat(card.monthlyCost())
                .matches("unknown cost|\\$[\\d,.]+/month \\(AWS price list of \\d{4}-\\d{2}-\\d{2}, price book\\)"));
    }
}
