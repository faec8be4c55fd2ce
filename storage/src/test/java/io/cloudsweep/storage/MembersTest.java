package io.cloudsweep.storage;

import io.cloudsweep.engine.store.Organization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MembersTest {

    private Database database;
    private Members members;
    private long organization;

    @BeforeEach
    void setUp() {
        database = TestDatabase.get();
        members = database.jdbi().onDemand(Members.class);
        organization = new Organizations(database).ensure(Organization.Platform.SLACK, "T1", "Acme").id();
    }

    @Test
    void roundTripsAndKeepsAnExistingRole() {
        Members.Member ana = members.ensure(organization, "U1", "ana", "admin");
        Members.Member again = members.ensure(organization, "U1", null, "member");

        assertThat(again).isEqualTo(ana);
        assertThat(members.find(organization, "U1")).contains(ana);
        assertThat(members.setRole(organization, "U1", "viewer")).hasValueSatisfying(m -> assertThat(m.role()).isEqualTo("viewer"));
        assertThat(members.setRole(organization, "U9", "admin")).isEmpty();
        assertThat(members.all(organization)).extracting(Members.Member::chatUserId).containsExactly("U1");
    }

    @Test
    void theDatabaseRefusesARoleThatDoesNotExist() {
        assertThatThrownBy(() -> members.ensure(organization, "U2", "bo", "owner")).hasMessageContaining("members_role_check");
    }
}
