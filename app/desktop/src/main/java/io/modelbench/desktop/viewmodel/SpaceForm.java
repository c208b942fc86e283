package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.SearchSpace;
import io.modelbench.engine.app.Sweeps;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Experiments page's search space as a form: one row per setting the engine can vary ({@link SearchSpace#SETTINGS}),
 * each switched on or off, with its values as one line of text. A range is written {@code 0.001 .. 0.1 log} (a linear
 * one without {@code log}; {@code grid 5} sets a grid's points), a list of choices {@code 16, 32, 64} or
 * {@code adam, nesterov}, layer sizes {@code [32, 16], [64, 32]}. The rows become the JSON the CLI's {@code --space}
 * takes and the engine checks it ({@link Sweeps#parseSpace}), so a bad row is refused with the engine's own line
 * naming the setting. UI thread only.
 */
public final class SpaceForm {

    /** The settings in the order of the form. */
    static final List<String> ORDER = List.of("learning_rate", "batch_size", "optimizer", "epochs", "hidden", "filters",
            "dropout", "weight_decay", "momentum", "lr_schedule", "patience");
    private static final java.util.Set<String> SIZES = java.util.Set.of("hidden", "filters");
    private static final java.util.Set<String> WORDS = java.util.Set.of("optimizer", "lr_schedule");
    private static final String NUMBER = "([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)";
    private static final Pattern RANGE = Pattern.compile("\\s*" + NUMBER + "\\s*(?:\\.\\.|–|—|\\bto\\b)\\s*" + NUMBER
            + "\\s*(log|linear)?\\s*(?:grid\\s*(\\d+))?\\s*", Pattern.CASE_INSENSITIVE);

    /** One setting: whether the sweep varies it, and its values as typed. */
    public static final class Row {
        private final String setting;
        private final BooleanProperty on = new SimpleBooleanProperty(this, "on");
        private final StringProperty text = new SimpleStringProperty(this, "text", "");

        Row(String setting, boolean on, String text) {
            this.setting = setting;
            this.on.set(on);
            this.text.set(text);
        }

        /** The setting's name in the space's JSON ({@code learning_rate}...). */
        public String setting() {
            return setting;
        }

        public BooleanProperty onProperty() {
            return on;
        }

        public StringProperty textProperty() {
            return text;
        }
    }

    private final ObservableList<Row> rows = FXCollections.observableArrayList();

    public SpaceForm() {
        for (String s : ORDER) {
            rows.add(new Row(s, false, example(s)));
        }
    }

    public ObservableList<Row> getRows() {
        return rows;
    }

    /** The row of {@code setting}. */
    public Row row(String setting) {
        return rows.stream().filter(r -> r.setting().equals(setting)).findFirst().orElseThrow();
    }

    /** Shows {@code space}: its settings on with their values, the others off with an example of what they take. */
    public void show(SearchSpace space) {
        for (Row r : rows) {
            SearchSpace.Dimension d = space.get(r.setting());
            r.on.set(d != null);
            r.text.set(d != null ? text(d) : example(r.setting()));
        }
    }

    /** The space of the rows that are on; an {@link InputException} naming the setting when one is not valid. */
    public SearchSpace space() {
        return Sweeps.parseSpace(json(), "the search space");
    }

    /** The rows that are on, as the space's JSON. */
    public String json() {
        List<String> parts = new ArrayList<>();
        for (Row r : rows) {
            if (r.on.get()) {
                parts.add("\"" + r.setting() + "\": " + value(r.setting(), r.text.get() == null ? "" : r.text.get()));
            }
        }
        return "{" + String.join(", ", parts) + "}";
    }

    /** One row's text as JSON: a range object, or a list of choices. */
    static String value(String setting, String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw InputException.setting("search space: " + setting, "", "give values, such as " + example(setting) + ", or switch it off");
        }
        Matcher m = RANGE.matcher(t);
        if (!SIZES.contains(setting) && !WORDS.contains(setting) && m.matches()) {
            return "{\"min\": " + m.group(1) + ", \"max\": " + m.group(2) + ", \"scale\": \""
                    + (m.group(3) == null ? "linear" : m.group(3).toLowerCase(Locale.ROOT)) + "\""
                    + (m.group(4) == null ? "" : ", \"grid\": " + m.group(4)) + "}";
        }
        if (SIZES.contains(setting)) {
            return t.contains("[") ? "[" + t + "]" : "[[" + t + "]]";
        }
        List<String> items = new ArrayList<>();
        for (String item : t.split("[,;\\s]+")) {
            if (!item.isEmpty()) {
                items.add(!WORDS.contains(setting) && item.matches(NUMBER) ? item : "\"" + item.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
        }
        return "[" + String.join(", ", items) + "]";
    }

    /** A dimension as the row's text. */
    static String text(SearchSpace.Dimension d) {
        if (d instanceof SearchSpace.Range r) {
            return number(r.min()) + " .. " + number(r.max()) + (r.log() ? " log" : "") + (r.gridPoints() == 3 ? "" : " grid " + r.gridPoints());
        }
        SearchSpace.Choice c = (SearchSpace.Choice) d;
        List<String> items = new ArrayList<>();
        for (Object v : c.values()) {
            items.add(v instanceof List<?> l ? "[" + String.join(", ", l.stream().map(String::valueOf).toList()) + "]"
                    : v instanceof Number n ? number(n.doubleValue()) : String.valueOf(v));
        }
        return String.join(", ", items);
    }

    /** What a setting takes, shown while it is off. */
    static String example(String setting) {
        return switch (setting) {
            case "learning_rate" -> "0.001 .. 0.1 log";
            case "batch_size" -> "16, 32, 64";
            case "optimizer" -> "adam, nesterov";
            case "epochs" -> "30";
            case "hidden" -> "[32, 16], [64, 32]";
            case "filters" -> "[20, 50], [32, 64]";
            case "dropout" -> "0 .. 0.3";
            case "weight_decay" -> "0.00001 .. 0.01 log";
            case "momentum" -> "0.8, 0.9";
            case "lr_schedule" -> "fixed, cosine";
            default -> "5, 10";
        };
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s.replaceAll("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
