package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.model.Money;
import io.cloudsweep.engine.store.NotifyEvent;
import io.cloudsweep.engine.store.NotifyTargets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.cloudsweep.engine.chat.InMemorySweep.ADMIN;
import static io.cloudsweep.engine.chat.InMemorySweep.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code notify}: who may change targets, what is said publicly and what only to the admin, what is refused and why. */
class NotifyCommandsTest {

    private final InMemorySweep sweep = new InMemorySweep();
    private final MemoryChat chat = sweep.chat();

    private String lastPosted() {
        return Cards.summary(chat.posted.get(chat.posted.size() - 1).card());
    }

    @Test
    void anAdminAddsAWebhookTheChannelIsToldAndTheSecretGoesToTheAdminAlone() {
        sweep.typed(chat, MEMBER, "notify add webhook https://hooks.example.com/cs?token=abc cleanup.failed");
        assertThat(chat.privateTexts()).containsExactly("Only admins can change where notifications go.");
        assertThat(sweep.notifyTargets.byId).isEmpty();

        sweep.typed(chat, ADMIN, "notify add webhook https://hooks.example.com/cs?token=abc cleanup.failed,digest.ready");

        NotifyTargets.Target target = sweep.notifyTargets.byId.get(1L);
        assertThat(target.events()).containsExactlyInAnyOrder(NotifyEvent.CLEANUP_FAILED, NotifyEvent.DIGEST_READY);
        assertThat(target.conversation()).isEqualTo("C-memory");
        assertThat(lastPosted()).startsWith("Notifications #1: webhook https://hooks.example.com/cs?… gets cleanup.failed, digest.ready.")
                .doesNotContain("whsec_").doesNotContain("token=abc");
        assertThat(chat.privateTexts()).last().asString().contains("whsec_test-1").contains("CloudSweep-Signature: t=<unix seconds>,v1=<hex>");

        sweep.typed(chat, MEMBER, "notify");
        assertThat(lastPosted()).contains("#1 webhook https://hooks.example.com/cs?…: cleanup.failed, digest.ready; added by U0ANA")
                .doesNotContain("token=abc");
    }

    @Test
    void aConversationThatCannotKeepASecretGetsNoWebhookButEmailIsFine() {
        MemoryChat shared = new MemoryChat(Map.of(), false) {
            @Override
            public boolean confides() {
                return false;
            }
        };

        sweep.typed(shared, ADMIN, "notify add webhook https://hooks.example.com/cs");
        sweep.typed(shared, ADMIN, "notify add email ops@example.com findings.new --min 100");

        assertThat(shared.privateTexts()).first().asString().startsWith("A webhook's signing secret is shown once, to you alone");
        assertThat(sweep.notifyTargets.byId.values()).singleElement().satisfies(target -> {
            assertThat(target.kind()).isEqualTo(NotifyTargets.Kind.EMAIL);
            assertThat(target.events()).containsExactly(NotifyEvent.NEW_FINDINGS);
            assertThat(target.minMonthly()).isEqualTo(Money.usd("100"));
        });
    }

    @Test
    void everyEventWhenNoneIsNamedAndRemoveAndEnableSayWhatBecameOfTheTarget() {
        sweep.typed(chat, ADMIN, "notify add email ops@example.com");
        assertThat(sweep.notifyTargets.byId.get(1L).events()).isEqualTo(Set.of(NotifyEvent.values()));

        sweep.typed(chat, MEMBER, "notify remove 1");
        assertThat(chat.privateTexts()).containsExactly("Only admins can change where notifications go.");
        assertThat(sweep.notifyTargets.byId).as("a member removes nothing").containsKey(1L);

        sweep.typed(chat, ADMIN, "notify enable 1");
        assertThat(lastPosted()).isEqualTo("Notifications #1 enabled again; what it missed is on its way.");
        sweep.typed(chat, ADMIN, "notify remove #1");
        assertThat(lastPosted()).isEqualTo("Notifications #1 removed, with what it had not been sent yet.");
        sweep.typed(chat, ADMIN, "notify remove 1");
        assertThat(chat.privateTexts()).last().isEqualTo("There is no notification target #1. `notify` lists them.");
        assertThat(sweep.notifyTargets.byId).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "notify add webhook http://hooks.example.com/cs|is not a webhook URL: https://host/path",
            "notify add webhook https://user:pw@hooks.example.com/cs|with no user or password in it",
            "notify add webhook https://169.254.169.254/latest/meta-data|is a link-local address",
            "notify add email not-an-address|is not an email address",
            "notify add sms +4412345|is not a kind of target: email or webhook",
            "notify add email ops@example.com cleanups.failed|'cleanups.failed' is not an event: scan.finished, findings.new",
            "notify add email ops@example.com --min lots|'lots' is not an amount",
            "notify remove everything|is not a target's number",
            "notify ring|notify, notify add email|webhook"})
    void whatIsNotATargetIsSaidWithWhatIs(String typed, String explanation) {
        sweep.typed(chat, ADMIN, typed);

        assertThat(chat.privateTexts()).singleElement().asString().contains(explanation);
        assertThat(sweep.notifyTargets.byId).isEmpty();
    }

    @Test
    void anyoneWhoApprovesMayAskForDirectMessages() {
        sweep.typed(chat, MEMBER, "notify me on");
        sweep.typed(chat, InMemorySweep.VIEWER, "notify me on");

        assertThat(chat.privateTexts()).containsExactly(
                "You will get a direct message when a cleanup you approved is done, fails or is aborted.",
                "Viewers approve nothing, so there is nothing to tell you directly.");
        assertThat(sweep.directNotices.wanting).containsExactly(sweep.organization.id() + "/U0CY");

        sweep.typed(chat, MEMBER, "notify me off");
        assertThat(sweep.directNotices.wanting).isEmpty();
    }

    @Test
    void anAdminMakesThisChannelTakeSomeEvents() {
        sweep.typed(chat, ADMIN, "notify add here scan.finished cleanup.failed");

        assertThat(sweep.notifyTargets.byId.values()).singleElement().satisfies(target -> {
            assertThat(target.kind()).isEqualTo(NotifyTargets.Kind.CHAT);
            assertThat(target.address()).as("this conversation").isEqualTo("C-memory");
            assertThat(target.events()).containsExactlyInAnyOrder(NotifyEvent.SCAN_FINISHED, NotifyEvent.CLEANUP_FAILED);
        });
        assertThat(lastPosted()).startsWith("Notifications #1: chat channel C-memory gets cleanup.failed, scan.finished.");
    }

    @Test
    void aWebhookOnThisMachineMayBePlainHttp() {
        sweep.typed(chat, ADMIN, "notify add webhook http://127.0.0.1:8080/hook");

        assertThat(sweep.notifyTargets.byId.values()).extracting(NotifyTargets.Target::address).containsExactly("http://127.0.0.1:8080/hook");
        assertThat(Optional.ofNullable(sweep.notifyTargets.byId.get(1L))).isPresent();
    }
}
