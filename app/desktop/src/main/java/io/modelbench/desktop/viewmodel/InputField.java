package io.modelbench.desktop.viewmodel;

import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.List;

/**
 * One input of the Try page's form: a column of the model with its kind ("numeric", "boolean" or
 * "categorical"), the choices for categories, and the value typed or chosen.
 */
public final class InputField {

    private final String name;
    private final String kind;
    private final List<String> choices;
    private final StringProperty value;

    InputField(String name, String kind, List<String> choices, String initial) {
        this.name = name;
        this.kind = kind;
        this.choices = List.copyOf(choices);
        this.value = new SimpleStringProperty(this, "value", initial);
    }

    public String getName() {
        return name;
    }

    public String getKind() {
        return kind;
    }

    public List<String> getChoices() {
        return choices;
    }

    public StringProperty valueProperty() {
        return value;
    }
}
