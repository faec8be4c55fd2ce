package io.cloudsweep.engine.rules;

import io.cloudsweep.engine.config.Settings;
import io.cloudsweep.engine.model.Resource;

import java.util.List;

/**
 * Resources their owners have marked hands-off: tagged with one of {@code tagKeys} set to {@code true}
 * (default {@code cloudsweep:ignore = true}). They never become findings and are never cleaned up.
 * Configurable with {@code protection.tag-keys}. Pure.
 */
public record Protection(List<String> tagKeys) {

    public static final String DEFAULT_TAG_KEY = "cloudsweep:ignore";

    public Protection {
        tagKeys = List.copyOf(tagKeys);
    }

    public static Protection from(Settings settings) {
        return new Protection(settings.list("protection.tag-keys", List.of(DEFAULT_TAG_KEY)));
    }

    public boolean protects(Resource resource) {
        return tagKeys.stream().anyMatch(key -> resource.tags().hasValue(key, "true"));
    }
}
