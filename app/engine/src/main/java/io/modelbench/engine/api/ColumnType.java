package io.modelbench.engine.api;

import java.util.Locale;

/**
 * What a column holds. TEXT covers free text and identifiers: such columns are left out of the inputs by
 * default (a model cannot generalize from a row id or a sentence it sees once).
 */
public enum ColumnType {
    NUMERIC, INTEGER, BOOLEAN, CATEGORICAL, TEXT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isNumber() {
        return this == NUMERIC || this == INTEGER;
    }

    public static ColumnType fromId(String id) {
        for (ColumnType t : values()) {
            if (t.id().equalsIgnoreCase(id.trim())) {
                return t;
            }
        }
        throw InputException.setting("column type", id, "use numeric, integer, boolean, categorical or text");
    }
}
