package io.modelbench.engine.train;

import io.modelbench.engine.eval.LinearReference;
import io.modelbench.engine.eval.TrustNotes;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * What a session reports beside the network and depends only on the data and the split: the linear reference and the
 * count of test rows also among the training rows. The count is plain Java on one core (~40 ms on the bench's 20,000 ×
 * 784 table), so it runs on a thread of its own from the start of the session, while the set-up (also one core) builds
 * the splits, and is ready when the epochs end. The linear reference runs after the epochs on the training thread: its
 * passes are OpenBLAS products on both cores, which would slow the epochs' own (issue 17: run beside the epochs it took
 * 0.1 s off the wall time and added 0.3 s to the epochs). A series has neither (its report is its own).
 */
final class ReferenceWork {

    /** The linear reference (null: none for this data) and the shared-row count. */
    record Result(LinearReference.Result linear, int sharedRows) {
    }

    private final PreparedData p;
    private final FutureTask<Integer> shared;

    private ReferenceWork(PreparedData p) {
        this.p = p;
        this.shared = new FutureTask<>(() -> p.series() != null ? 0
                : TrustNotes.sharedRows(p.x(), p.classes(), p.y(), p.split().train(), p.split().test()));
    }

    /** Starts the shared-row count on a daemon thread (it ends by itself if the session fails before {@link #finish}). */
    static ReferenceWork start(PreparedData p) {
        ReferenceWork w = new ReferenceWork(p);
        Thread t = new Thread(w.shared, "modelbench-shared-rows");
        t.setDaemon(true);
        t.start();
        return w;
    }

    /** The linear reference, computed now on this thread, and the shared-row count, waited for. */
    Result finish() {
        LinearReference.Result linear = p.series() != null ? null : TestReport.reference(p);
        try {
            return new Result(linear, shared.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting the test rows shared with training", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
