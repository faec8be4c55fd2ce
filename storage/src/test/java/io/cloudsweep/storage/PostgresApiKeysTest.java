package io.cloudsweep.storage;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.store.ApiKeys;
import io.cloudsweep.engine.store.FindingFilter;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.engine.store.StoredFinding;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys and the API's pages of findings, on the real database. */
class PostgresApiKeysTest {

    private final DemoOnDatabase demo = new DemoOnDatabase(true);
    private final PostgresApiKeys keys = new PostgresApiKeys(demo.database);
    private final long acme = demo.console.id();

    @Test
    void onlyTheHashAndThePrefixAreStoredAndTheKeyAuthenticatesAsItsOrganizationAndRole() {
        ApiKeys.Created made = keys.create(acme, "jira", Role.MEMBER, "U0ANA").orElseThrow();

        assertThat(made.key()).matches(ApiKeys.FORMAT);
        assertThat(demo.text("SELECT key_hash || ' ' || key_prefix || ' ' || role FROM api_keys"))
                .isEqualTo(ApiKeys.hash(made.key()) + " " + made.prefix() + " member");
        assertThat(demo.count("SELECT count(*) FROM api_keys WHERE key_hash LIKE '%" + made.key().substring(13) + "%'")).isZero();
        ApiKeys.Holder holder = keys.authenticate(made.key(), Instant.parse("2026-12-04T10:00:00Z")).orElseThrow();
        assertThat(holder).isEqualTo(new ApiKeys.Holder(acme, "jira", made.prefix(), Role.MEMBER, "U0ANA"));
        assertThat(keys.list(acme)).singleElement().satisfies(listed -> {
            assertThat(listed.lastUsed()).hasValue(Instant.parse("2026-12-04T10:00:00Z"));
            assertThat(listed.prefix()).isEqualTo(made.prefix());
        });
    }

    @Test
    void wrongRevokedMalformedAndOtherOrganizationsKeysAreRefused() {
        ApiKeys.Created made = keys.create(acme, "ci", Role.ADMIN, "U0ANA").orElseThrow();
        String wrongSecret = made.key().substring(0, 13) + "A".repeat(40);

        assertThat(keys.authenticate(wrongSecret, Instant.EPOCH)).isEmpty();
        assertThat(keys.authenticate("csk_short", Instant.EPOCH)).isEmpty();
        assertThat(keys.authenticate("", Instant.EPOCH)).isEmpty();
        assertThat(keys.create(acme, "ci", Role.VIEWER, "U0BO")).as("a live name is taken").isEmpty();
        assertThat(keys.revoke(acme + 1, "ci", "U0EVE")).as("another organization's").isFalse();
        assertThat(keys.revoke(acme, "ci", "U0ANA")).isTrue();
        assertThat(keys.authenticate(made.key(), Instant.EPOCH)).isEmpty();
        assertThat(keys.create(acme, "ci", Role.VIEWER, "U0BO")).as("the name is free again").isPresent();
    }

    @Test
    void pagesOfFindingsFollowTheirIdsAndTheFilter() {
        PostgresDecisions findings = new PostgresDecisions(demo.database);
        List<StoredFinding> all = findings.page(acme, FindingFilter.all(), 0, 1000);
        List<StoredFinding> first = findings.page(acme, FindingFilter.all(), 0, 5);
        List<StoredFinding> second = findings.page(acme, FindingFilter.all(), first.get(4).id(), 5);
        FindingFilter costly = new FindingFilter(Optional.empty(), Optional.of("us-east-1"), Optional.empty(), Optional.of(StoredFinding.Status.OPEN),
                new BigDecimal("50"));

        assertThat(all).hasSize(demo.scan.findings().size()).isSortedAccordingTo(java.util.Comparator.comparingLong(StoredFinding::id));
        assertThat(second.get(0).id()).isGreaterThan(first.get(4).id());
        assertThat(findings.page(acme, costly, 0, 1000)).isNotEmpty()
                .isEqualTo(all.stream().filter(costly::admits).toList());
        Organization other = new Organizations(demo.database).ensure(Organization.Platform.SLACK, "T-OTHER", "Other");
        assertThat(findings.page(other.id(), FindingFilter.all(), 0, 1000)).isEmpty();
    }
}
