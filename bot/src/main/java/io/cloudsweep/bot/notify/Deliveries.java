package io.cloudsweep.bot.notify;

import io.cloudsweep.engine.chat.Card;
import io.cloudsweep.engine.report.ChartRenderer;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.store.NotifyTargets;
import io.cloudsweep.storage.Outbox;

import java.util.Optional;

/**
 * Delivers what is due in the outbox, one row at a time: webhooks signed, email over SMTP. Run by a job on one replica at
 * a time (and safe on several: each row is held while it is delivered). Thread-safe.
 */
public final class Deliveries {

    /** Rows delivered a run at most, so one run never holds its replica's job thread for long. */
    private static final int BATCH = 50;

    private final Outbox outbox;
    private final Notices notices;
    private final WebhookSender webhooks;
    private final Optional<EmailSender> email;
    private final ChatPoster chats;

    /** Posts a notification in a chat channel that takes them, through the chat it is in. */
    @FunctionalInterface
    public interface ChatPoster {
        Outbox.Result post(long organizationId, Organization.Platform platform, String conversation, Card card);
    }

    public Deliveries(Outbox outbox, ChartRenderer charts, WebhookSender webhooks, Optional<EmailSender> email, ChatPoster chats) {
        this.outbox = outbox;
        this.notices = new Notices(charts);
        this.webhooks = webhooks;
        this.email = email;
        this.chats = chats;
    }

    public Outbox.Run run() {
        return outbox.deliverDue(BATCH, this::deliver);
    }

    Outbox.Result deliver(Outbox.Delivery delivery) {
        if (delivery.kind() == NotifyTargets.Kind.WEBHOOK) {
            return webhooks.send(delivery, notices.webhookBody(delivery));
        }
        if (delivery.kind() == NotifyTargets.Kind.CHAT) {
            Notices.Email words = notices.words(delivery);
            return chats.post(delivery.organizationId(), delivery.platform(), delivery.address(), new Card.Text(words.subject() + "\n" + words.text().strip()));
        }
        return email.map(sender -> sender.send(delivery, notices.email(delivery)))
                .orElseGet(() -> new Outbox.Failed("email is not configured on this server (CLOUDSWEEP_SMTP_HOST)", false));
    }

    /**
     * The organization's targets, refusing email where no SMTP server is configured, so nothing is queued that could
     * never be sent.
     */
    public static NotifyTargets checked(NotifyTargets targets, boolean emailConfigured) {
        return new NotifyTargets() {
            @Override
            public Adding add(long organizationId, Request request, String actor) {
                if (request.kind() == Kind.EMAIL && !emailConfigured) {
                    return new Refused("this server sends no email: its operator sets CLOUDSWEEP_SMTP_HOST and CLOUDSWEEP_SMTP_FROM"
                            + " (see the README); a webhook works without them");
                }
                return targets.add(organizationId, request, actor);
            }

            @Override
            public java.util.List<Target> targets(long organizationId) {
                return targets.targets(organizationId);
            }

            @Override
            public boolean remove(long organizationId, long id, String actor) {
                return targets.remove(organizationId, id, actor);
            }

            @Override
            public boolean enable(long organizationId, long id, String actor) {
                return targets.enable(organizationId, id, actor);
            }
        };
    }
}
