package io.cloudsweep.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What exactly a finding's action is to do, typed: the rule that recommends it decides these from the resource, the
 * executors act on them, and the store keeps them as {@link #fields()}. Most actions need none.
 */
public sealed interface ActionParameters {

    /** Nothing beyond the action and its resource. */
    ActionParameters NONE = new None();

    /** The parameters as text fields (empty for none), for the store; {@link #read} gives them back. */
    Map<String, String> fields();

    record None() implements ActionParameters {
        @Override
        public Map<String, String> fields() {
            return Map.of();
        }
    }

    /** Change a volume's type in place, to these IOPS and this throughput (gp2 to gp3 keeps at least gp2's baseline). */
    record VolumeTypeChange(VolumeType to, int iops, int throughputMibps) implements ActionParameters {
        public VolumeTypeChange {
            Objects.requireNonNull(to, "to");
            if (iops <= 0 || throughputMibps <= 0) {
                throw new IllegalArgumentException("a volume type change needs positive IOPS and throughput, not " + iops + " and " + throughputMibps);
            }
        }

        @Override
        public Map<String, String> fields() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("kind", "volume_type_change");
            fields.put("to", to.apiName());
            fields.put("iops", String.valueOf(iops));
            fields.put("throughput_mibps", String.valueOf(throughputMibps));
            return fields;
        }
    }

    /** Delete a load balancer of this kind (Elastic Load Balancing has one API for classic ones and another for the rest). */
    record LoadBalancerDeletion(LoadBalancer.Kind kind) implements ActionParameters {
        public LoadBalancerDeletion {
            Objects.requireNonNull(kind, "kind");
        }

        @Override
        public Map<String, String> fields() {
            return Map.of("kind", "load_balancer_deletion", "load_balancer", kind.id());
        }
    }

    /**
     * The parameters {@code fields} hold, as {@link #fields()} wrote them.
     *
     * @throws IllegalArgumentException when the fields are not parameters CloudSweep wrote
     */
    static ActionParameters read(Map<String, String> fields) {
        String kind = fields.getOrDefault("kind", "");
        try {
            return switch (kind) {
                case "" -> NONE;
                case "volume_type_change" -> new VolumeTypeChange(VolumeType.fromApiName(fields.get("to")), Integer.parseInt(fields.get("iops")),
                        Integer.parseInt(fields.get("throughput_mibps")));
                case "load_balancer_deletion" -> new LoadBalancerDeletion(LoadBalancer.Kind.fromId(fields.get("load_balancer")));
                default -> throw new IllegalArgumentException("unknown action parameters '" + kind + "'");
            };
        } catch (NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("incomplete action parameters " + fields, e);
        }
    }
}
