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

    /**
     * Change a volume's type in place, to these IOPS and this throughput (0: the type has no throughput setting), from
     * the type, IOPS and throughput it had, which an undo goes back to.
     */
    record VolumeTypeChange(VolumeType to, int iops, int throughputMibps, VolumeType from, int fromIops, int fromThroughputMibps)
            implements ActionParameters {
        public VolumeTypeChange {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(from, "from");
            if (iops <= 0 || throughputMibps < 0 || fromIops < 0 || fromThroughputMibps < 0 || to == VolumeType.GP3 && throughputMibps == 0) {
                throw new IllegalArgumentException("a volume type change needs positive IOPS and a throughput not negative (positive for gp3), not "
                        + iops + " and " + throughputMibps);
            }
        }

        /** From gp2, whose IOPS and throughput follow its size and are not set. */
        public static VolumeTypeChange fromGp2(VolumeType to, int iops, int throughputMibps) {
            return new VolumeTypeChange(to, iops, throughputMibps, VolumeType.GP2, 0, 0);
        }

        @Override
        public Map<String, String> fields() {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("kind", "volume_type_change");
            fields.put("to", to.apiName());
            fields.put("iops", String.valueOf(iops));
            fields.put("throughput_mibps", String.valueOf(throughputMibps));
            fields.put("from", from.apiName());
            fields.put("from_iops", String.valueOf(fromIops));
            fields.put("from_throughput_mibps", String.valueOf(fromThroughputMibps));
            return fields;
        }
    }

    /** Change an instance's type, stopping and starting it, from the type it had, which an undo goes back to. */
    record InstanceTypeChange(String to, String from) implements ActionParameters {
        public InstanceTypeChange {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(from, "from");
        }

        @Override
        public Map<String, String> fields() {
            return Map.of("kind", "instance_type_change", "to", to, "from", from);
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
                // findings stored before the former type was kept were all gp2 to gp3
                case "volume_type_change" -> new VolumeTypeChange(VolumeType.fromApiName(fields.get("to")), Integer.parseInt(fields.get("iops")),
                        Integer.parseInt(fields.get("throughput_mibps")), VolumeType.fromApiName(fields.getOrDefault("from", "gp2")),
                        Integer.parseInt(fields.getOrDefault("from_iops", "0")), Integer.parseInt(fields.getOrDefault("from_throughput_mibps", "0")));
                case "instance_type_change" -> new InstanceTypeChange(fields.get("to"), fields.get("from"));
                case "load_balancer_deletion" -> new LoadBalancerDeletion(LoadBalancer.Kind.fromId(fields.get("load_balancer")));
                default -> throw new IllegalArgumentException("unknown action parameters '" + kind + "'");
            };
        } catch (NullPointerException | NumberFormatException e) {
            throw new IllegalArgumentException("incomplete action parameters " + fields, e);
        }
    }
}
