package io.modelbench.engine.api;

/** What a model predicts: a class out of a fixed set, or a number. */
public enum TaskType {
    CLASSIFICATION,
    REGRESSION;

    /** The lower-case name used in JSON and on the command line. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static TaskType fromId(String id) {
        for (TaskType t : values()) {
            if (t.id().equalsIgnoreCase(id.trim())) {
                return t;
            }
        }
        throw InputException.setting("task", id, "use 'classification' or 'regression'");
    }
}
