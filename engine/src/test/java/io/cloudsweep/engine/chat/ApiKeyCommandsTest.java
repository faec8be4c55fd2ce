package io.cloudsweep.engine.chat;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.store.ApiKeys;
import io.cloudsweep.engine.store.AuditLog;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.cloudsweep.engine.chat.InMemorySweep.ADMIN;
import static io.cloudsweep.engine.chat.InMemorySweep.MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code apikey}: admins make keys shown once to them alone, list them without the secret, and revoke them; all audited. */
class ApiKeyCommandsTest {

    private static final Pattern KEY = Pattern.compile("`(csk_[A-Za-z0-9]{8}_[A-Za-z0-9]{40})`");

    private final InMemorySweep sweep = new InMemorySweep();
    private final MemoryChat chat = sweep.chat();

    private String madeKey() {
        Matcher key = KEY.matcher(chat.privateTexts().get(chat.privateTexts().size() - 1));
        assertThat(key.find()).as(chat.privateTexts().toString()).isTrue();
        return key.group(1);
    }

    @Test
    void anAdminMakesAKeyShownOnceThatAuthenticatesAsItsRoleAndCreator() {
        sweep.typed(chat, ADMIN, "apikey create jira member");

        String key = madeKey();
        assertThat(chat.posted).as("nothing said in the channel").isEmpty();
        ApiKeys.Holder holder = sweep.apiKeys.authenticate(key, Instant.EPOCH).orElseThrow();
        assertThat(holder.role()).isEqualTo(Role.MEMBER);
        assertThat(holder.name()).isEqualTo("jira");
        assertThat(holder.actor()).isEqualTo("apikey:jira (by " + ADMIN.userId() + ")");
        // another last character, whatever the random key ends with (an "x" made this check a key's own one time in 64)
        String offByOne = key.substring(0, key.length() - 1) + (key.endsWith("x") ? "y" : "x");
        assertThat(sweep.apiKeys.authenticate(offByOne, Instant.EPOCH)).as("one character off").isEmpty();

        sweep.typed(chat, ADMIN, "apikey list");
        assertThat(chat.privateTexts()).last().asString().contains("jira " + ApiKeys.prefixOf(key) + "… member, made by " + ADMIN.userId())
                .contains("never used").doesNotContain(key);
        AuditLog.Entry created = sweep.stores.recent(sweep.organization.id(), 1).get(0);
        assertThat(created.action()).isEqualTo("apikey.created");
        assertThat(created.details()).isEqualTo(Map.of("role", "member", "prefix", ApiKeys.prefixOf(key)));
    }

    @Test
    void aKeyIsViewerByDefaultAndANameIsTakenOnceWhileLive() {
        sweep.typed(chat, ADMIN, "apikey create grafana");
        String key = madeKey();
        sweep.typed(chat, ADMIN, "apikey create grafana");

        assertThat(sweep.apiKeys.authenticate(key, Instant.EPOCH).orElseThrow().role()).isEqualTo(Role.VIEWER);
        assertThat(chat.privateTexts()).last().asString().startsWith("There is a key named grafana already");
    }

    @Test
    void aRevokedKeyIsRefusedAndTheRevocationAudited() {
        sweep.typed(chat, ADMIN, "apikey create ci admin");
        String key = madeKey();

        sweep.typed(chat, ADMIN, "apikey revoke ci");
        sweep.typed(chat, ADMIN, "apikey revoke ci");

        assertThat(sweep.apiKeys.authenticate(key, Instant.EPOCH)).isEmpty();
        assertThat(chat.privateTexts()).contains("API key ci is revoked: it is refused from now on.")
                .last().asString().startsWith("There is no API key named ci.");
        assertThat(sweep.stores.recent(sweep.organization.id(), 1).get(0).action()).isEqualTo("apikey.revoked");
    }

    @Test
    void membersCannotMakeSeeOrRevokeKeysAndASharedConversationGetsNoKey() {
        sweep.typed(chat, MEMBER, "apikey create mine");
        sweep.typed(chat, MEMBER, "apikey list");
        sweep.typed(chat, MEMBER, "apikey revoke mine");
        MemoryChat shared = new MemoryChat(Map.of(), false) {
            @Override
            public boolean confides() {
                return false;
            }
        };
        sweep.typed(shared, ADMIN, "apikey create shared");

        assertThat(chat.privateTexts()).containsExactly("Only admins can make API keys.", "Only admins can see the API keys.",
                "Only admins can revoke API keys.");
        assertThat(shared.privateTexts()).singleElement().asString().startsWith("An API key is shown once, to you alone");
        assertThat(sweep.apiKeys.list(sweep.organization.id())).isEmpty();
    }
}
