package io.modelbench.desktop.view;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.controlsfx.control.CheckComboBox;

import java.util.List;

/**
 * Keeps a ControlsFX {@link CheckComboBox} (which has its own item list and check model, no bindable value) in step
 * with a view model's offered and chosen lists, both ways: the user's checks become the chosen list, and a chosen list
 * set by the view model (a project reopened, a column no longer offered) becomes the checks.
 */
final class CovariateChecks {

    private final CheckComboBox<String> box;
    private final ObservableList<String> offered;
    private final ObservableList<String> chosen;
    private boolean syncing;

    private CovariateChecks(CheckComboBox<String> box, ObservableList<String> offered, ObservableList<String> chosen) {
        this.box = box;
        this.offered = offered;
        this.chosen = chosen;
    }

    static void bind(CheckComboBox<String> box, ObservableList<String> offered, ObservableList<String> chosen) {
        CovariateChecks c = new CovariateChecks(box, offered, chosen);
        box.titleProperty().bind(Bindings.when(Bindings.isEmpty(chosen)).then("none").otherwise((String) null));
        offered.addListener((ListChangeListener<String>) e -> c.itemsChanged());
        chosen.addListener((ListChangeListener<String>) e -> c.checksFromModel());
        box.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) e -> c.checksFromUser());
        c.itemsChanged();
    }

    private void itemsChanged() {
        syncing = true;
        try {
            box.getCheckModel().clearChecks();
            box.getItems().setAll(offered);
        } finally {
            syncing = false;
        }
        checksFromModel();
    }

    private void checksFromModel() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            box.getCheckModel().clearChecks();
            for (String c : chosen) {
                if (box.getItems().contains(c)) {
                    box.getCheckModel().check(c);
                }
            }
        } finally {
            syncing = false;
        }
    }

    private void checksFromUser() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            // in the order of the offered columns, as the command line's --covariates lists them
            List<String> checked = box.getItems().stream().filter(box.getCheckModel()::isChecked).toList();
            chosen.setAll(checked);
        } finally {
            syncing = false;
        }
    }
}
