package io.cloudsweep.bot;

import io.cloudsweep.engine.approval.Role;
import io.cloudsweep.engine.store.Organization;
import io.cloudsweep.storage.Database;
import io.cloudsweep.storage.DatabaseSettings;
import io.cloudsweep.storage.Members;
import io.cloudsweep.storage.Organizations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Who is what: a role set with `role` first, then CLOUDSWEEP_ADMINS, then what the chat platform says, else member. */
class RolesTest {

    @TempDir
    static Path dataDir;

    private static Database database;
    private static Organization acme;

    @BeforeAll
    static void open() {
        database = Database.open(DatabaseSettings.embedded(dataDir));
        database.migrate();
        acme = new Organizations(database).ensure(Organization.Platform.SLACK, "T0ACME", "Acme");
        Members members = database.jdbi().onDemand(Members.class);
        members.ensure(acme.id(), "U0OWNER", null, "viewer");
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private final Roles roles = new Roles(database, Map.of("CLOUDSWEEP_ADMINS", "U0ANA, U0BO"));
    private final AtomicInteger asked = new AtomicInteger();

    private BooleanSupplier platformSays(boolean admin) {
        return () -> {
            asked.incrementAndGet();
            return admin;
        };
    }

    @Test
    void aRoleSetWithTheRoleCommandWinsOverThePlatformAndThePlatformIsNotAsked() {
        assertThat(roles.of(acme, "U0OWNER", platformSays(true))).isEqualTo(Role.VIEWER);
        assertThat(asked).hasValue(0);
    }

    @Test
    void configuredAdminsAreAdminsWithoutAskingThePlatform() {
        assertThat(roles.of(acme, "U0BO", platformSays(false))).isEqualTo(Role.ADMIN);
        assertThat(asked).hasValue(0);
    }

    @Test
    void workspaceAdminsAndInstallersAreAdminsAndEveryoneElseAMember() {
        assertThat(roles.of(acme, "U0CY", platformSays(true))).isEqualTo(Role.ADMIN);
        assertThat(roles.of(acme, "U0DAN", platformSays(false))).isEqualTo(Role.MEMBER);
        assertThat(asked).hasValue(2);
    }
}
