package io.cloudsweep.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.bot.schema.AdaptiveCardInvokeResponse;

/** The two answers a button's invoke can have: the card that replaces the pressed one, or a message to the presser. */
final class TeamsAnswers {

    private TeamsAnswers() {
    }

    static AdaptiveCardInvokeResponse card(JsonNode card) {
        AdaptiveCardInvokeResponse response = new AdaptiveCardInvokeResponse();
        response.setStatusCode(200);
        response.setType(AdaptiveCards.CONTENT_TYPE);
        response.setValue(card);
        return response;
    }

    /** An answer only the presser sees. */
    static AdaptiveCardInvokeResponse message(String text) {
        AdaptiveCardInvokeResponse response = new AdaptiveCardInvokeResponse();
        response.setStatusCode(200);
        response.setType("application/vnd.microsoft.activity.message");
        response.setValue(text);
        return response;
    }
}
