package io.cloudsweep.storage;

import io.cloudsweep.engine.store.Organization;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Finds or creates organizations. Thread-safe. */
public final class Organizations {

    interface Dao {
        record Row(long id, String platform, String externalId, String name) {
        }

        @SqlQuery("""
                INSERT INTO organizations (platform, external_id, name) VALUES (:platform, :externalId, :name)
                ON CONFLICT (platform, external_id) DO UPDATE SET name = organizations.name
                RETURNING id, platform, external_id, name""")
        @RegisterConstructorMapper(Row.class)
        Row ensure(@Bind("platform") String platform, @Bind("externalId") String externalId, @Bind("name") String name);

        @SqlQuery("SELECT id, platform, external_id, name FROM organizations WHERE id = :id")
        @RegisterConstructorMapper(Row.class)
        java.util.Optional<Row> find(@Bind("id") long id);
    }

    private final Dao dao;

    public Organizations(Database database) {
        this.dao = database.jdbi().onDemand(Dao.class);
    }

    /** The organization of {@code platform} and {@code externalId}, created on first use; never duplicated. */
    public Organization ensure(Organization.Platform platform, String externalId, String name) {
        return organization(dao.ensure(platform.id(), externalId, name));
    }

    /** The organization of {@code id}, if there is one. */
    public java.util.Optional<Organization> find(long id) {
        return dao.find(id).map(Organizations::organization);
    }

    private static Organization organization(Dao.Row row) {
        return new Organization(row.id(), Organization.Platform.fromId(row.platform()), row.externalId(), row.name());
    }

    /** The local console's organization, for the command line and the terminal chat. */
    public Organization console() {
        return ensure(Organization.Platform.CONSOLE, "local", "Console");
    }
}
