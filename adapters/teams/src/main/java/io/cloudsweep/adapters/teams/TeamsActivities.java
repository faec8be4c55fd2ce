package io.cloudsweep.adapters.teams;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.bot.schema.Activity;
import com.microsoft.bot.schema.Serialization;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Activities as the Bot Framework sends them, told from anything else before the SDK runs them: the SDK fails on some
 * shapes a forged or broken body can take (no type, an entity without one, a conversation update naming no event, an
 * invoke naming nothing).
 */
final class TeamsActivities {

    private TeamsActivities() {
    }

    /**
     * The activity {@code body} holds, when it has what every activity has (a type, a service URL and channel, a
     * conversation and a sender with ids, an invoke its name, every id printable ASCII as Teams makes them: they are stored, and sent back
     * in headers); entities without a type, which say nothing, are dropped.
     */
    static Optional<Activity> read(String body) {
        Activity activity;
        try {
            activity = Serialization.treeToValue(Serialization.jsonToTree(body), Activity.class);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!wellFormed(activity)) {
            return Optional.empty();
        }
        if (activity.getEntities() != null) {
            activity.setEntities(new ArrayList<>(activity.getEntities().stream().filter(entity -> entity != null && entity.getType() != null)
                    .toList()));
        }
        return Optional.of(activity);
    }

    /** A conversation update that adds or removes no one and names no Teams event: nothing to act on. */
    static boolean namesNoEvent(Activity update) {
        boolean members = update.getMembersAdded() != null && !update.getMembersAdded().isEmpty()
                || update.getMembersRemoved() != null && !update.getMembersRemoved().isEmpty();
        JsonNode channelData = update.getChannelData() == null ? null : Serialization.objectToTree(update.getChannelData());
        return !members && (channelData == null || !channelData.path("eventType").isTextual());
    }

    private static boolean wellFormed(Activity activity) {
        if (activity == null || activity.getType() == null || activity.getServiceUrl() == null || activity.getChannelId() == null
                || activity.getConversation() == null || activity.getConversation().getId() == null || activity.getFrom() == null
                || activity.getFrom().getId() == null) {
            return false;
        }
        if (activity.getType().equals("invoke") && activity.getName() == null) {
            // the SDK switches on an invoke's name, and fails on a missing one unless the channel is msteams
            return false;
        }
        return Stream.of(activity.getType(), activity.getServiceUrl(), activity.getChannelId(), activity.getId(), activity.getReplyToId(),
                        activity.getConversation().getId(), activity.getConversation().getTenantId(), activity.getFrom().getId(),
                        activity.getFrom().getAadObjectId(), activity.getRecipient() == null ? null : activity.getRecipient().getId())
                .filter(Objects::nonNull).allMatch(id -> id.length() <= 1024 && id.chars().allMatch(c -> c >= 0x20 && c < 0x7f));
    }
}
