package io.modelbench.desktop.view.archfixture;

/** A deliberate break for ArchitectureTest: stands in for a view that opens a project (reads its files) itself. */
@SuppressWarnings("unused")
class ViewSavingAProject {
    Object open(java.nio.file.Path dir) {
        return io.modelbench.engine.project.Project.open(dir);
    }
}
