package io.cloudsweep.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudsweep.engine.chat.ButtonCodec;
import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.CommandParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What only Teams' rendering shows: an alert calls the admins with card-based mentions. */
class AdaptiveCardsTest {

    private final AdaptiveCards cards = new AdaptiveCards(new ButtonCodec(new CommandParser(Set.of("ebs-unattached"))));

    @Test
    void anAlertMentionsEachAdminByTheirAadObjectId() {
        JsonNode card = cards.card(new Card.Alert("Cleanup C-4 of F-12 failed: UnauthorizedOperation.", List.of("aad-ana", "aad-bo")));

        assertThat(card.at("/body/0/text").asText()).isEqualTo("⚠ Cleanup C-4 of F-12 failed: UnauthorizedOperation.");
        assertThat(card.at("/body/1/text").asText()).isEqualTo("For <at>aad-ana</at>, <at>aad-bo</at>");
        JsonNode entities = card.at("/msteams/entities");
        assertThat(entities).hasSize(2);
        assertThat(entities.get(1).get("type").asText()).isEqualTo("mention");
        assertThat(entities.get(1).get("text").asText()).isEqualTo("<at>aad-bo</at>");
        assertThat(entities.get(1).at("/mentioned/id").asText()).isEqualTo("aad-bo");
    }

    @Test
    void anAlertForNoOneMentionsNoOne() {
        JsonNode card = cards.card(new Card.Alert("Notifications #3 are disabled.", List.of()));

        assertThat(card.at("/body")).hasSize(1);
        assertThat(card.has("msteams")).isFalse();
    }
}
