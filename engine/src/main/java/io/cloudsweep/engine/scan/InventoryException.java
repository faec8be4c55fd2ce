package io.cloudsweep.engine.scan;

/**
 * The cloud could not be read: no credentials, access denied, throttled beyond retries, unreachable. The
 * message is for the user and names what to fix (the missing IAM action, the profile to set up).
 */
public class InventoryException extends RuntimeException {

    public InventoryException(String message) {
        super(message);
    }

    public InventoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
