package io.modelbench.desktop.app;

import io.modelbench.engine.nativeenv.NativeEnvironment;
import javafx.application.Application;

/**
 * Entry point. A plain class (not an {@code Application}) so that JavaFX runs from the class path without
 * a module path ("JavaFX runtime components are missing" otherwise).
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        // Environment variables for OpenBLAS/OpenMP must be set while this is the only thread that reads the
        // environment: setenv racing with GTK's getenv on the UI thread crashes the process.
        NativeEnvironment.applyBeforeLoad();
        // AWT is used only off screen (JFreeChart's Java2D, PNG/SVG export, image decoding): without this, the first
        // AWT class that asks for the toolkit opens a second X connection (XAWT) beside GTK's, and the two have hung
        // the app under Xvfb ("XSetErrorHandler() called with a GDK error trap pushed")
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        Application.launch(ModelBenchApp.class, args);
    }
}
