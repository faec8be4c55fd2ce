/**
 * Storage on PostgreSQL: {@link io.cloudsweep.storage.Database} (a connection pool on a configured server, or
 * the embedded PostgreSQL kept under the data dir), Flyway migrations in {@code db/migration}, and the Jdbi
 * implementations of the engine's store ports.
 */
package io.cloudsweep.storage;
