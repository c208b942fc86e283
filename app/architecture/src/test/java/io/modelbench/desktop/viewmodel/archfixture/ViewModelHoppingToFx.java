package io.modelbench.desktop.viewmodel.archfixture;

/** A deliberate break for ArchitectureTest: stands in for a view model that posts to the JavaFX thread itself. */
@SuppressWarnings("unused")
class ViewModelHoppingToFx {
    void later(Runnable r) {
        javafx.application.Platform.runLater(r);
    }
}
