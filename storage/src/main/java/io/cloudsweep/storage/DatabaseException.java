package io.cloudsweep.storage;

/** The database could not be used, with the reason in words an operator can act on. */
public final class DatabaseException extends RuntimeException {

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
