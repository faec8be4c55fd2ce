package io.cloudsweep.engine.store;

import io.cloudsweep.engine.approval.Role;

/** Who is an admin, a member or a viewer in an organization. */
public interface MemberRoles {

    /** Sets {@code userId}'s role (adding them when new), audited as done by {@code actor}. */
    void setRole(long organizationId, String userId, Role role, String actor);
}
