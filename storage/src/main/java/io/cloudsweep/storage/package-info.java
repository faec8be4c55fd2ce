/**
 * Storage: Jdbi DAOs implementing the engine's store ports on PostgreSQL, Flyway migrations, and the
 * embedded PostgreSQL that is the zero-configuration default. Arrives with the storage issue.
 */
package io.cloudsweep.storage;
