package io.modelbench.engine.app;

import io.modelbench.engine.project.RunInfo;

/** Where a run stands, as {@code run.json} records it ({@link #id()} is the word in the file). */
public enum RunStatus {
    /** Training now (or the app died while it trained: opening the project turns that into {@link #INTERRUPTED}). */
    RUNNING(RunInfo.RUNNING),
    /** All epochs done. */
    FINISHED(RunInfo.FINISHED),
    /** Stopped on request or by early stopping; the model so far is kept, and a checkpoint to resume from. */
    STOPPED(RunInfo.STOPPED),
    /** Ended by an error; {@code run.json}'s message says which. */
    FAILED(RunInfo.FAILED),
    /** Was running when the app or the machine stopped; resumes from its last checkpoint. */
    INTERRUPTED(RunInfo.INTERRUPTED);

    private final String id;

    RunStatus(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The status a run file names; null for an unknown word (a newer version's file). */
    public static RunStatus fromId(String id) {
        for (RunStatus s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        return null;
    }
}
