package io.cloudsweep.adapters.teams;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The Teams bot's identity and where its tokens come from and are checked.
 *
 * @param authority         where outbound tokens are asked for, without the tenant
 * @param openIdMetadataUrl where incoming tokens' signing keys are published, when not the Bot Framework's
 * @param postEvery         how often a message may be posted in one conversation
 */
public record TeamsSettings(String appId, String appPassword, String tenantId, String authority, Optional<String> openIdMetadataUrl,
                            Duration postEvery) {

    public TeamsSettings {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(appPassword, "appPassword");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(authority, "authority");
    }

    @Override
    public String toString() {
        return "TeamsSettings[appId=" + appId + ", tenant=" + tenantId + ", authority=" + authority + ", password hidden]";
    }
}
