package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Actor;
import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.store.DirectNotices;
import io.cloudsweep.engine.store.NotifyEvent;
import io.cloudsweep.engine.store.NotifyTargets;
import io.cloudsweep.engine.store.Organization;

import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code notify}, {@code notify add|remove|enable}, for every chat: where an organization's notifications go besides its
 * chats. Anyone may list them (a webhook's query string is not shown); admins change them. A webhook's signing secret
 * is said once, to the admin who added it alone.
 */
final class NotifyCommands {

    private final NotifyTargets targets;
    private final DirectNotices direct;

    NotifyCommands(NotifyTargets targets, DirectNotices direct) {
        this.targets = targets;
        this.direct = direct;
    }

    /** A person's own direct messages about the cleanups they approved. */
    Reply me(Organization organization, Actor actor, boolean on) {
        if (actor.role() == Role.VIEWER) {
            return new Reply.Private("Viewers approve nothing, so there is nothing to tell you directly.");
        }
        direct.set(organization.id(), actor.userId(), on, actor.userId());
        return new Reply.Private(on ? "You will get a direct message when a cleanup you approved is done, fails or is aborted."
                : "No more direct messages about your cleanups.");
    }

    Reply list(long organizationId) {
        List<NotifyTargets.Target> all = targets.targets(organizationId);
        if (all.isEmpty()) {
            return new Reply.Shown(List.of(new Card.Text("Notifications go to the chats only. An admin can add email or a webhook:"
                    + " `notify add webhook https://hooks.example.com/cloudsweep cleanup.failed digest.ready` (events: " + NotifyEvent.names() + ").")));
        }
        StringBuilder text = new StringBuilder("Notifications besides the chats:");
        for (NotifyTargets.Target target : all) {
            text.append("\n#").append(target.id()).append(' ').append(target.kind().id()).append(' ').append(named(target))
                    .append(": ").append(target.events().stream().map(NotifyEvent::id).sorted().collect(Collectors.joining(", ")))
                    .append(target.minMonthly().isPositive() && target.events().contains(NotifyEvent.NEW_FINDINGS)
                            ? " (new findings from " + target.minMonthly() + "/month)" : "")
                    .append("; added by ").append(target.createdBy())
                    .append(target.disabled().map(why -> "; DISABLED: " + why + " (`notify enable " + target.id() + "` tries again)").orElse(""));
        }
        return new Reply.Shown(List.of(new Card.Text(text.toString())));
    }

    Reply add(Organization organization, Actor actor, String conversation, ChatCommand.AddNotify add) {
        if (actor.role() != Role.ADMIN) {
            return new Reply.Private("Only admins can change where notifications go.");
        }
        String address = add.kind() == NotifyTargets.Kind.CHAT ? conversation : add.address();
        NotifyTargets.Adding adding = targets.add(organization.id(), new NotifyTargets.Request(add.kind(), address, add.events(),
                Money.usd(add.minMonthlyUsd()), organization.platform(), conversation), actor.userId());
        if (adding instanceof NotifyTargets.Refused refused) {
            return new Reply.Private("Not added: " + refused.reason());
        }
        NotifyTargets.Added added = (NotifyTargets.Added) adding;
        NotifyTargets.Target target = added.target();
        String events = target.events().stream().map(NotifyEvent::id).sorted().collect(Collectors.joining(", "));
        Card.Text said = new Card.Text("Notifications #" + target.id() + ": " + target.kind().id() + " " + named(target) + " gets " + events
                + ". Each delivery is retried with backoff until it gets through; a target that keeps failing is disabled and this channel told.");
        return added.secret().<Reply>map(secret -> new Reply.Confided(said, "The signing secret of webhook #" + target.id() + " (shown once, keep"
                + " it where your receiver can read it): " + secret + "\nEach request carries `CloudSweep-Signature: t=<unix seconds>,v1=<hex>`,"
                + " v1 being HMAC-SHA256 of `<t>.<body>` under this secret; refuse it when t is over 5 minutes away from now."))
                .orElseGet(() -> new Reply.Shown(List.of(said)));
    }

    Reply remove(long organizationId, Actor actor, long id) {
        return change(actor, id, () -> targets.remove(organizationId, id, actor.userId()), "removed, with what it had not been sent yet.");
    }

    Reply enable(long organizationId, Actor actor, long id) {
        return change(actor, id, () -> targets.enable(organizationId, id, actor.userId()), "enabled again; what it missed is on its way.");
    }

    /** An admin's change of target {@code id}, made only for an admin; {@code change} says whether there was such a target. */
    private static Reply change(Actor actor, long id, java.util.function.BooleanSupplier change, String said) {
        if (actor.role() != Role.ADMIN) {
            return new Reply.Private("Only admins can change where notifications go.");
        }
        return change.getAsBoolean() ? new Reply.Shown(List.of(new Card.Text("Notifications #" + id + " " + said)))
                : new Reply.Private("There is no notification target #" + id + ". `notify` lists them.");
    }

    /** A target as listed: a chat channel by its id, an address as {@link #shown(String)}. */
    private static String named(NotifyTargets.Target target) {
        return target.kind() == NotifyTargets.Kind.CHAT ? "channel " + target.address() : shown(target.address());
    }

    /** An address as listed: a URL without its query string, which may hold a token. */
    private static String shown(String address) {
        int query = address.indexOf('?');
        return query < 0 ? address : address.substring(0, query) + "?…";
    }
}
