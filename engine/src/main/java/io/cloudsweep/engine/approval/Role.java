package io.cloudsweep.engine.approval;

import java.util.Locale;

/** What a person may do in CloudSweep: admins approve anything, members low risk, viewers only look. */
public enum Role {
    ADMIN, MEMBER, VIEWER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromId(String id) {
        for (Role role : values()) {
            if (role.id().equals(id)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "'; valid: admin, member, viewer");
    }
}
