package io.cloudsweep.adapters.aws;

import io.cloudsweep.engine.model.Tags;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Turns any SDK's tag list (each service has its own {@code Tag} type) into the engine's {@link Tags}. */
final class SdkTags {

    private SdkTags() {
    }

    /** Tags without a key are dropped, a missing value is empty, and a repeated key keeps its last value. */
    static <T> Tags of(List<T> tags, Function<T, String> key, Function<T, String> value) {
        Map<String, String> map = new HashMap<>();
        for (T tag : tags) {
            String name = key.apply(tag);
            if (name != null) {
                String text = value.apply(tag);
                map.put(name, text == null ? "" : text);
            }
        }
        return new Tags(map);
    }
}
