package io.cloudsweep.bot.notify;

import io.cloudsweep.storage.Outbox;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Delivers a notification by email over SMTP: a plain-text part and an HTML part (a digest's chart inline, by
 * {@code Content-ID}), its {@code Message-ID} made from the outbox row's idempotency key, so a retry after a crash is
 * the same message to mail systems that deduplicate, and the key itself in {@code X-CloudSweep-Idempotency-Key}.
 * Addresses the server refuses for good (5xx on the recipient) refuse for good; anything else is tried again.
 */
public final class EmailSender {

    private static final int TIMEOUT_MILLIS = 15_000;

    private final SmtpSettings settings;
    private final Session session;

    public EmailSender(SmtpSettings settings) {
        this.settings = settings;
        Properties properties = new Properties();
        properties.put("mail.smtp.host", settings.host());
        properties.put("mail.smtp.port", String.valueOf(settings.port()));
        properties.put("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT_MILLIS));
        properties.put("mail.smtp.timeout", String.valueOf(TIMEOUT_MILLIS));
        properties.put("mail.smtp.writetimeout", String.valueOf(TIMEOUT_MILLIS));
        properties.put("mail.smtp.auth", String.valueOf(settings.user().isPresent()));
        switch (settings.security()) {
            case STARTTLS -> {
                properties.put("mail.smtp.starttls.enable", "true");
                properties.put("mail.smtp.starttls.required", "true");
                properties.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case TLS -> {
                properties.put("mail.smtp.ssl.enable", "true");
                properties.put("mail.smtp.ssl.checkserveridentity", "true");
            }
            case NONE -> { }
        }
        this.session = Session.getInstance(properties);
    }

    Outbox.Result send(Outbox.Delivery delivery, Notices.Email email) {
        try {
            MimeMessage message = new IdentifiedMessage(session, "<" + delivery.idempotencyKey() + "@cloudsweep>");
            message.setFrom(new InternetAddress(settings.from(), "CloudSweep", StandardCharsets.UTF_8.name()));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(delivery.address(), true));
            message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(delivery.createdAt()));
            message.setHeader("X-CloudSweep-Idempotency-Key", delivery.idempotencyKey());
            message.setHeader("X-CloudSweep-Event", delivery.event().id());
            message.setContent(body(email));
            message.saveChanges();
            if (settings.user().isPresent()) {
                Transport.send(message, settings.user().get(), settings.password().orElseThrow());
            } else {
                Transport.send(message);
            }
            return new Outbox.Delivered();
        } catch (jakarta.mail.SendFailedException e) {
            return new Outbox.Failed("the mail server refused " + delivery.address() + ": " + e.getMessage(), e.getInvalidAddresses() != null
                    && e.getInvalidAddresses().length > 0);
        } catch (MessagingException | java.io.UnsupportedEncodingException e) {
            return new Outbox.Failed("email could not be sent: " + e.getMessage(), false);
        }
    }

    /** multipart/alternative: the text, then multipart/related of the HTML and its inline chart. */
    private static MimeMultipart body(Notices.Email email) throws MessagingException {
        MimeBodyPart text = new MimeBodyPart();
        text.setText(email.text(), StandardCharsets.UTF_8.name());
        MimeBodyPart html = new MimeBodyPart();
        html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
        MimeMultipart related = new MimeMultipart("related");
        related.addBodyPart(html);
        if (email.chart().isPresent()) {
            MimeBodyPart chart = new MimeBodyPart();
            chart.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(email.chart().get(), "image/png")));
            chart.setContentID("<chart>");
            chart.setDisposition(MimeBodyPart.INLINE);
            chart.setFileName("cloudsweep-trend.png");
            related.addBodyPart(chart);
        }
        MimeBodyPart relatedPart = new MimeBodyPart();
        relatedPart.setContent(related);
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(relatedPart);
        return alternative;
    }

    /** A message whose Message-ID is ours, not one Jakarta Mail makes up when it saves the message. */
    private static final class IdentifiedMessage extends MimeMessage {
        private final String id;

        IdentifiedMessage(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}
