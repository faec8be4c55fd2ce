package io.cloudsweep.storage;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

import java.util.List;
import java.util.Optional;

/**
 * Chat users of an organization and their CloudSweep role, as a Jdbi SqlObject. Get one with
 * {@code database.jdbi().onDemand(Members.class)}.
 */
@RegisterConstructorMapper(Members.Member.class)
public interface Members {

    /** A chat user in an organization: {@code admin}, {@code member} or {@code viewer}. */
    record Member(long id, long organizationId, String chatUserId, String displayName, String role) {
    }

    /** Adds the user with {@code role}, or leaves an existing member's role as it is. */
    @SqlQuery("""
            INSERT INTO members (organization_id, chat_user_id, display_name, role) VALUES (:organization, :user, :name, :role)
            ON CONFLICT (organization_id, chat_user_id) DO UPDATE SET display_name = COALESCE(EXCLUDED.display_name, members.display_name)
            RETURNING id, organization_id, chat_user_id, display_name, role""")
    Member ensure(@Bind("organization") long organizationId, @Bind("user") String chatUserId, @Bind("name") String displayName,
                  @Bind("role") String role);

    /** Changes a member's role; empty when there is no such member. */
    @SqlQuery("""
            UPDATE members SET role = :role, updated_at = now() WHERE organization_id = :organization AND chat_user_id = :user
            RETURNING id, organization_id, chat_user_id, display_name, role""")
    Optional<Member> setRole(@Bind("organization") long organizationId, @Bind("user") String chatUserId, @Bind("role") String role);

    @SqlQuery("SELECT id, organization_id, chat_user_id, display_name, role FROM members WHERE organization_id = :organization AND chat_user_id = :user")
    Optional<Member> find(@Bind("organization") long organizationId, @Bind("user") String chatUserId);

    @SqlQuery("SELECT id, organization_id, chat_user_id, display_name, role FROM members WHERE organization_id = :organization ORDER BY chat_user_id")
    List<Member> all(@Bind("organization") long organizationId);
}
