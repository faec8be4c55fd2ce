package io.cloudsweep.adapters.teams;

import com.microsoft.bot.schema.Activity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which authenticated activities the bot serves: those of its own tenant, from a person CloudSweep can name (an AAD
 * user), and a message only the first time it is delivered, to this replica or any other. Thread-safe.
 */
final class TeamsAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(TeamsAdmission.class);

    private final String tenantId;
    /** Whether a delivery's key is seen for the first time by any replica (they share the answer). */
    private final Predicate<String> firstDelivery;

    TeamsAdmission(String tenantId, Predicate<String> firstDelivery) {
        this.tenantId = tenantId;
        this.firstDelivery = firstDelivery;
    }

    /** Why an activity is not served: it comes from another tenant than the bot's, or from no one CloudSweep can name. */
    Optional<String> refusal(Activity activity) {
        String tenant = activity.getConversation() == null ? null : activity.getConversation().getTenantId();
        if (!tenantId.equalsIgnoreCase(String.valueOf(tenant))) {
            LOG.warn("an activity from tenant {} refused: this bot serves tenant {}", tenant, tenantId);
            return Optional.of("This CloudSweep serves another organization's tenant.");
        }
        if (activity.getFrom() == null || activity.getFrom().getAadObjectId() == null || activity.getFrom().getAadObjectId().isBlank()) {
            return Optional.of("CloudSweep acts only for people it can name (an Azure AD user).");
        }
        return Optional.empty();
    }

    /** Whether this is the first delivery of the activity (a redelivery carries the same id in the same conversation). */
    boolean firstTime(Activity activity) {
        return deliveryKey(activity).map(firstDelivery::test).orElse(true);
    }

    /** The key every delivery of the activity shares: its id in its conversation; none when it has no id. */
    static Optional<String> deliveryKey(Activity activity) {
        return activity.getId() == null ? Optional.empty() : Optional.of("teams/" + activity.getConversation().getId() + "/" + activity.getId());
    }
}
