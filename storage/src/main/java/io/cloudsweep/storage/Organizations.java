package io.cloudsweep.storage;

import io.cloudsweep.engine.store.Organization;
import org.jdbi.v3.core.Jdbi;

/** Finds or creates organizations. Thread-safe. */
public final class Organizations {

    private final Jdbi jdbi;

    public Organizations(Database database) {
        this.jdbi = database.jdbi();
    }

    /** The organization of {@code platform} and {@code externalId}, created on first use; never duplicated. */
    public Organization ensure(Organization.Platform platform, String externalId, String name) {
        return jdbi.withHandle(handle -> handle.createQuery("""
                        INSERT INTO organizations (platform, external_id, name) VALUES (:platform, :externalId, :name)
                        ON CONFLICT (platform, external_id) DO UPDATE SET name = organizations.name
                        RETURNING id, platform, external_id, name""")
                .bind("platform", platform.id())
                .bind("externalId", externalId)
                .bind("name", name)
                .map((rows, context) -> new Organization(rows.getLong("id"), Organization.Platform.fromId(rows.getString("platform")),
                        rows.getString("external_id"), rows.getString("name")))
                .one());
    }

    /** The local console's organization, for the command line and the terminal chat. */
    public Organization console() {
        return ensure(Organization.Platform.CONSOLE, "local", "Console");
    }
}
