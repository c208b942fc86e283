package io.modelbench.desktop.view.archfixture;

/** A deliberate break for ArchitectureTest: stands in for a view that writes a file on the JavaFX thread. */
@SuppressWarnings("unused")
class ViewWritingAFile {
    void save(java.nio.file.Path file, String text) throws java.io.IOException {
        java.nio.file.Files.writeString(file, text);
    }
}
