package io.modelbench.desktop.viewmodel.archfixture;

/** A deliberate break for ArchitectureTest: stands in for a view model that records a run's epochs itself. */
@SuppressWarnings("unused")
class ViewModelWritingARunFile {
    void record(io.modelbench.engine.project.Project project, io.modelbench.engine.project.RunInfo run) {
        project.writeRun(run);
    }
}
