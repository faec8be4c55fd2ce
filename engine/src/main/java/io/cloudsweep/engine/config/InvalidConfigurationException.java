package io.cloudsweep.engine.config;

/** Configuration that cannot be used, with a message that says what is wrong and what is valid. */
public final class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(String message) {
        super(message);
    }
}
