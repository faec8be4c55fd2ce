package io.cloudsweep.bot;

import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.chat.ChatListener;
import io.cloudsweep.engine.cleanup.Cleanup;
import io.cloudsweep.engine.cleanup.CleanupState;
import io.cloudsweep.engine.store.DirectNotices;
import io.cloudsweep.engine.store.StoredFinding;
import io.cloudsweep.engine.store.CardLocations;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.Members;
import io.cloudsweep.storage.Outbox;
import io.cloudsweep.storage.Reminders;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

/**
 * Calls people to what needs them, in the chat: a cleanup that failed (in its card's thread, calling the organization's
 * admins), an approval left waiting for a second admin (one reminder), a notification target disabled for failing
 * (where it was added). Posted by the chat the card or target lives in when this replica serves it; else shown to the
 * terminal's listeners. Thread-safe.
 */
final class Alerts {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Map<Organization.Platform, Sweeper.ChatTarget> chats;
    private final ChatListener terminal;
    private final CardLocations locations;
    private final Members members;
    private final Set<String> configuredAdmins;
    private final LongFunction<Organization> organizations;
    private final DirectNotices direct;

    Alerts(Map<Organization.Platform, Sweeper.ChatTarget> chats, ChatListener terminal, CardLocations locations, Members members,
           Set<String> configuredAdmins, LongFunction<Organization> organizations, DirectNotices direct) {
        this.chats = chats;
        this.terminal = terminal;
        this.locations = locations;
        this.members = members;
        this.configuredAdmins = configuredAdmins;
        this.organizations = organizations;
        this.direct = direct;
    }

    /**
     * A cleanup ended: a failure is said in its card's thread, calling the admins; each of its approvers who asked is told
     * directly how it ended.
     */
    void cleanupEnded(Cleanup cleanup, CleanupState end, Optional<StoredFinding> finding) {
        if (end instanceof CleanupState.Failed failed) {
            cleanupFailed(cleanup, failed.reason());
        }
        if (cleanup.dryRun()) {
            return;
        }
        String how = end instanceof CleanupState.Failed failed ? "failed: " + failed.reason()
                : end instanceof CleanupState.Aborted aborted ? "was aborted, nothing was touched: " + aborted.reason()
                : end instanceof CleanupState.Done ? "is done" + end.backupId().filter(b -> !b.equals("none")).map(b -> " (backup " + b + ")").orElse("")
                + cleanup.finding().monthlyCost().map(money -> "; it saves " + money + "/month").orElse("")
                : "is " + end.id().replace('_', ' ');
        Card.Text told = new Card.Text("Cleanup " + cleanup.label() + " of " + cleanup.findingLabel() + ", which you approved ("
                + cleanup.finding().action().id() + " " + cleanup.finding().resource().id() + " in " + cleanup.account().id() + "), " + how + ".");
        Organization organization = organizations.apply(cleanup.organizationId());
        Optional<Sweeper.ChatTarget> chat = Optional.ofNullable(chats.get(organization.platform()));
        Optional<String> near = locations.find(cleanup.findingId()).map(CardLocations.Location::channel);
        finding.stream().flatMap(stored -> stored.decisions().stream()).filter(decision -> decision.decision().equals("approve"))
                .map(StoredFinding.DecisionRecord::userId).distinct()
                .filter(user -> direct.wants(cleanup.organizationId(), user))
                .forEach(user -> chat.ifPresentOrElse(target -> target.direct().post(organization, user, near, told), () -> terminal.show(told)));
    }

    void cleanupFailed(Cleanup cleanup, String reason) {
        Card.Alert alert = new Card.Alert("Cleanup " + cleanup.label() + " of " + cleanup.findingLabel() + " (" + cleanup.finding().action().id()
                + " " + cleanup.finding().resource().id() + " in " + cleanup.account().id() + ") failed: " + reason
                + ". Its card shows where it stands; approve it again once the cause is fixed, or reject it.",
                Roles.admins(members, configuredAdmins, cleanup.organizationId()));
        Optional<CardLocations.Location> card = locations.find(cleanup.findingId());
        post(cleanup.organizationId(), card.map(CardLocations.Location::chat), card.map(CardLocations.Location::channel),
                card.map(CardLocations.Location::messageId), alert);
    }

    void remind(Reminders.Due due) {
        Card.Alert alert = new Card.Alert("F-" + due.findingId() + " (" + due.ruleId() + ", " + due.resourceId() + ") was approved by "
                + due.approvedBy() + " on " + DAY.format(due.since()) + " and still waits for a second admin: high risk needs two.",
                Roles.admins(members, configuredAdmins, due.organizationId()).stream().filter(admin -> !admin.equals(due.approvedBy())).toList());
        post(due.organizationId(), due.chat(), due.channel(), due.messageId(), alert);
    }

    void disabled(Outbox.Disabled disabled) {
        Card.Alert alert = new Card.Alert("Notifications #" + disabled.targetId() + " (" + disabled.address() + ") are disabled: "
                + disabled.reason() + ". Its events are kept; `notify enable " + disabled.targetId() + "` sends them once it is fixed.",
                Roles.admins(members, configuredAdmins, disabled.organizationId()));
        post(disabled.organizationId(), Optional.of(disabled.platform().id()), Optional.of(disabled.conversation()), Optional.empty(), alert);
    }

    private void post(long organizationId, Optional<String> chat, Optional<String> conversation, Optional<String> thread, Card.Alert alert) {
        Optional<Sweeper.ChatTarget> target = chat.flatMap(id -> java.util.Arrays.stream(Organization.Platform.values())
                .filter(platform -> platform.id().equals(id)).findFirst()).map(chats::get);
        if (target.isPresent() && conversation.isPresent()) {
            target.get().notice().post(organizations.apply(organizationId), conversation.get(), thread, alert);
        } else {
            terminal.show(alert);
        }
    }
}
