package io.cloudsweep.engine.model;

/** What CloudSweep recommends doing about a finding. {@link #id()} is stable and appears in JSON and CSV. */
public enum Action {
    DELETE_VOLUME("delete_volume", "delete the volume (after a backup snapshot)"),
    MODIFY_VOLUME_TYPE("modify_volume_type", "change the volume type in place"),
    DELETE_SNAPSHOT("delete_snapshot", "delete the snapshot"),
    RELEASE_ADDRESS("release_address", "release the address"),
    TERMINATE_INSTANCE("terminate_instance", "terminate the instance (after an AMI backup)"),
    STOP_INSTANCE("stop_instance", "stop the instance"),
    STOP_DB_INSTANCE("stop_db_instance", "stop the database"),
    DELETE_DB_INSTANCE("delete_db_instance", "delete the database (after a final snapshot)"),
    DELETE_LOAD_BALANCER("delete_load_balancer", "delete the load balancer");

    private final String id;
    private final String description;

    Action(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public static Action fromId(String id) {
        for (Action action : values()) {
            if (action.id.equals(id)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action '" + id + "'");
    }
}
