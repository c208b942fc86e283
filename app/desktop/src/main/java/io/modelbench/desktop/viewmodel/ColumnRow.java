package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.ColumnProfile;
import io.modelbench.engine.api.ColumnType;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * One row of the Data page's column list: the profile (read-only) and the editable type and role. Changing
 * them goes through {@link DataViewModel}, which keeps one target and records the user's choices.
 */
public final class ColumnRow {

    private final ColumnProfile profile;
    private final ObjectProperty<ColumnType> type;
    private final ObjectProperty<ColumnRole> role;
    private final ReadOnlyStringWrapper note;

    ColumnRow(ColumnProfile profile, ColumnRole role) {
        this.profile = profile;
        this.type = new SimpleObjectProperty<>(this, "type", profile.type());
        this.role = new SimpleObjectProperty<>(this, "role", role);
        this.note = new ReadOnlyStringWrapper(this, "note", profile.note());
    }

    public ColumnProfile profile() {
        return profile;
    }

    public String getName() {
        return profile.name();
    }

    public ObjectProperty<ColumnType> typeProperty() {
        return type;
    }

    public ObjectProperty<ColumnRole> roleProperty() {
        return role;
    }

    /** "min 4.3 · max 7.9 · mean 5.84" for numbers, the most frequent values otherwise. */
    public String getSummary() {
        ColumnProfile p = profile;
        if (p.min() != null) {
            return String.format("min %s · max %s · mean %s", fmt(p.min()), fmt(p.max()), fmt(p.mean()));
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(3, p.topValues().size()); i++) {
            ColumnProfile.ValueCount v = p.topValues().get(i);
            sb.append(i > 0 ? ", " : "").append(v.value()).append(" (").append(v.count()).append(')');
        }
        return sb.toString();
    }

    /** Why the column is left out by default, or "": the profile's note, or the leak check's reason once known. */
    public String getNote() {
        return note.get();
    }

    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /**
     * The leak check's verdict for the current target: {@code reason} (null: no leak) and whether the user keeps the
     * column as an input anyway.
     */
    void setLeak(String reason, boolean kept) {
        if (reason == null) {
            note.set(profile.note());
        } else {
            note.set(kept ? reason + " (kept as input by your choice)" : reason);
        }
    }

    private static String fmt(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf((long) d);
        }
        return new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
