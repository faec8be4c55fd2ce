package io.cloudsweep.storage;

import io.cloudsweep.engine.store.AuditLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresAuditLogTest {

    private Database database;
    private PostgresAuditLog log;

    @BeforeEach
    void setUp() {
        database = TestDatabase.get();
        log = new PostgresAuditLog(database);
        for (int i = 1; i <= 4; i++) {
            log.append(new AuditLog.Event(Optional.empty(), Instant.parse("2026-11-20T10:00:00.123456789Z").plusSeconds(i), "U0" + i,
                    "finding.approved", "finding/" + i, Map.of("risk", "low", "saving_usd", "3.65")));
        }
    }

    @Test
    void anUntouchedChainVerifies() {
        assertThat(log.verify()).isEmpty();
        String first = database.jdbi().withHandle(handle -> handle.createQuery("SELECT prev_hash FROM audit_log ORDER BY id LIMIT 1")
                .mapTo(String.class).one());
        assertThat(first).isEqualTo(PostgresAuditLog.GENESIS);
    }

    @Test
    void theTableRefusesUpdatesAndDeletes() {
        assertThatThrownBy(() -> database.jdbi().useHandle(handle -> handle.execute("UPDATE audit_log SET actor = 'mallory'")))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> database.jdbi().useHandle(handle -> handle.execute("DELETE FROM audit_log WHERE id = 2")))
                .hasMessageContaining("append-only");
    }

    @Test
    void aRowChangedByHandIsCaught() {
        database.jdbi().useHandle(handle -> {
            handle.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
            handle.execute("UPDATE audit_log SET details = '{\"risk\": \"low\", \"saving_usd\": \"365.00\"}' WHERE id = 3");
            handle.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only");
        });

        assertThat(log.verify()).hasValueSatisfying(broken -> {
            assertThat(broken.entryId()).isEqualTo(3);
            assertThat(broken.problem()).contains("changed");
        });
    }

    @Test
    void aDeletedRowIsCaught() {
        database.jdbi().useHandle(handle -> {
            handle.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only");
            handle.execute("DELETE FROM audit_log WHERE id = 2");
            handle.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only");
        });

        assertThat(log.verify()).hasValueSatisfying(broken -> {
            assertThat(broken.entryId()).isEqualTo(3);
            assertThat(broken.problem()).contains("removed");
        });
    }
}
