package io.cloudsweep.engine.store;

/** Who asked for a direct message when a cleanup they approved ends (done, failed or aborted). */
public interface DirectNotices {

    /** Turns the user's direct messages on or off (adding them as a member when new), audited. */
    void set(long organizationId, String userId, boolean on, String actor);

    boolean wants(long organizationId, String userId);
}
