package io.cloudsweep.adapters.slack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who runs a Slack workspace, as CloudSweep's roles need it: the user who installed the app, and the workspace's
 * owners and admins as {@code users.info} says (believed for {@link #ASK_EVERY}, so a busy channel does not ask Slack
 * on every click). Thread-safe.
 */
final class WorkspaceAdmins {

    /** How long Slack's word on a user being a workspace admin is believed. */
    static final Duration ASK_EVERY = Duration.ofMinutes(10);
    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceAdmins.class);

    private final StoredInstallations installations;
    /** Slack's answer, by team and user, with when it was asked. */
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    private record Answer(boolean admin, long askedAt) {
    }

    WorkspaceAdmins(StoredInstallations installations) {
        this.installations = installations;
    }

    boolean isAdmin(String team, SlackPoster poster, String user) {
        if (installations.installer(team).filter(user::equals).isPresent()) {
            return true;
        }
        long now = System.nanoTime();
        Answer known = answers.get(team + "/" + user);
        if (known != null && now - known.askedAt() < ASK_EVERY.toNanos()) {
            return known.admin();
        }
        boolean admin;
        try {
            admin = poster.isWorkspaceAdmin(user);
        } catch (RuntimeException e) {
            LOG.warn("cannot ask Slack whether {} administers workspace {} (is the users:read scope granted?): {}", user, team, e.getMessage());
            admin = false;
        }
        answers.put(team + "/" + user, new Answer(admin, now));
        return admin;
    }
}
