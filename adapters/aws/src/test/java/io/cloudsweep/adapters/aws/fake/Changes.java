package io.cloudsweep.adapters.aws.fake;

import io.cloudsweep.engine.model.Resource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What cleanup calls changed in the fake, over its read-only source: resources created or replaced, and ids
 * deleted, per region. Thread-safe.
 */
final class Changes {

    private final Map<String, Map<String, Resource>> written = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();

    /** The region's resources as they stand after the changes. */
    synchronized List<Resource> apply(String region, List<Resource> source) {
        Map<String, Resource> byId = new LinkedHashMap<>();
        source.forEach(resource -> byId.put(resource.ref().id(), resource));
        byId.putAll(written.getOrDefault(region, Map.of()));
        List<Resource> live = new ArrayList<>();
        byId.forEach((id, resource) -> {
            if (!deleted.contains(region + "/" + id)) {
                live.add(resource);
            }
        });
        return live;
    }

    synchronized void put(String region, Resource resource) {
        written.computeIfAbsent(region, key -> new LinkedHashMap<>()).put(resource.ref().id(), resource);
        deleted.remove(region + "/" + resource.ref().id());
    }

    synchronized void delete(String region, String id) {
        deleted.add(region + "/" + id);
    }
}
