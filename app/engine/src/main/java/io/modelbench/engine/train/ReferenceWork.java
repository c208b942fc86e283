package io.modelbench.engine.train;

import io.modelbench.engine.eval.LinearReference;
import io.modelbench.engine.eval.TrustNotes;

/**
 * What a session reports beside the network and depends only on the data and the split: the linear reference and the
 * count of test rows also among the training rows. The count and the logistic regression's rows (standardized, in
 * native memory) are plain Java on one core (~40 and ~30 ms on the bench's 20,000 × 784 table), so they run on a thread
 * of their own from the start of the session, while the set-up (also one core) builds the splits, and are ready when
 * the epochs end. The fit itself runs after the epochs on the training thread: its passes are OpenBLAS products on both
 * cores, which would slow the epochs' own (issue 17: run beside the epochs it took 0.1 s off the wall time and added
 * 0.3 s to the epochs). A series has neither (its report is its own).
 */
final class ReferenceWork implements AutoCloseable {

    /** The linear reference (null: none for this data) and the shared-row count. */
    record Result(LinearReference.Result linear, int sharedRows) {
    }

    private record Ahead(int sharedRows, LinearReference.Logistic logistic) {
    }

    private final PreparedData p;
    private final Beside<Ahead> ahead;
    private boolean taken;

    private ReferenceWork(PreparedData p) {
        this.p = p;
        this.ahead = Beside.start("modelbench-reference", () -> {
            if (p.series() != null) {
                return new Ahead(0, null);
            }
            int shared = TrustNotes.sharedRows(p.x(), p.classes(), p.y(), p.split().train(), p.split().test());
            return new Ahead(shared, TestReport.logistic(p));
        });
    }

    /** Starts the work ahead on a daemon thread; close the result (it frees what the session did not take). */
    static ReferenceWork start(PreparedData p) {
        return new ReferenceWork(p);
    }

    /** The linear reference, fitted now on this thread, and the shared-row count. */
    Result finish() {
        Ahead a = ahead.await("preparing the linear reference");
        taken = true;
        if (p.series() != null) {
            return new Result(null, 0);
        }
        if (a.logistic() == null) {
            return new Result(TestReport.reference(p), a.sharedRows());   // ridge regression, or none
        }
        try (LinearReference.Logistic l = a.logistic()) {
            return new Result(l.fit(), a.sharedRows());
        }
    }

    /** Frees the prepared rows if {@link #finish} did not run (the session failed or was cut short before its end). */
    @Override
    public void close() {
        if (taken) {
            return;
        }
        taken = true;
        Ahead a = ahead.quietly();   // null: it failed, and the session already failed for its own reason
        if (a != null && a.logistic() != null) {
            a.logistic().close();
        }
    }
}
