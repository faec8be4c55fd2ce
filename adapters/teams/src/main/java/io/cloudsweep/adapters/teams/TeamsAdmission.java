package io.cloudsweep.adapters.teams;

import com.microsoft.bot.schema.Activity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which authenticated activities the bot serves: those of its own tenant, from a person CloudSweep can name (an AAD
 * user), and a message only the first time it is delivered. Thread-safe.
 */
final class TeamsAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(TeamsAdmission.class);
    private static final int REMEMBERED = 10_000;

    private final String tenantId;
    /** Activity ids already handled, so a redelivered activity is not acted on twice. */
    private final Set<String> seen = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    }));

    TeamsAdmission(String tenantId) {
        this.tenantId = tenantId;
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
        return activity.getId() == null || seen.add(activity.getConversation().getId() + "/" + activity.getId());
    }
}
