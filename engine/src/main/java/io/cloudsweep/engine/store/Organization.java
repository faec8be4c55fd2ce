package io.cloudsweep.engine.store;

import java.util.Objects;

/**
 * A tenant: a Slack workspace, a Teams tenant, or the local console. Everything stored belongs to one.
 *
 * @param externalId the Slack team id, the Teams tenant id, or {@code local}
 */
public record Organization(long id, Platform platform, String externalId, String name) {

    public enum Platform {
        SLACK("slack"), TEAMS("teams"), CONSOLE("console");

        private final String id;

        Platform(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Platform fromId(String id) {
            for (Platform platform : values()) {
                if (platform.id.equals(id)) {
                    return platform;
                }
            }
            throw new IllegalArgumentException("unknown chat platform '" + id + "'");
        }
    }

    public Organization {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(name, "name");
    }
}
