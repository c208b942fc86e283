package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The background-task runner on its own. A manual UI thread (a queue the test runs) and a manual worker show the
 * order of things as they happen in the app; the view-model tests run the same code with everything immediate.
 */
class TaskRunnerTest {

    /** Work handed to the executor, run when the test says. */
    private final List<Runnable> worker = new ArrayList<>();
    /** Tasks handed to the UI thread, with their delays. */
    private final List<Runnable> uiQueue = new ArrayList<>();
    private final List<Long> uiDelays = new ArrayList<>();
    private final UiScheduler manualUi = (task, delay) -> {
        uiQueue.add(task);
        uiDelays.add(delay);
    };
    private final TaskRunner runner = new TaskRunner(worker::add, manualUi);

    private void runWorker() {
        worker.remove(0).run();
    }

    private void runUi() {
        while (!uiQueue.isEmpty()) {
            uiDelays.remove(0);
            uiQueue.remove(0).run();
        }
    }

    @Test
    void aResultReachesTheUiThreadAndRunningFollowsTheTask() {
        List<String> got = new ArrayList<>();
        runner.run(BackgroundTask.of(ctx -> "table").onSuccess(got::add));
        assertThat(runner.isRunning()).isTrue();
        runWorker();
        assertThat(got).as("nothing before the UI thread runs").isEmpty();
        assertThat(runner.isRunning()).isTrue();
        runUi();
        assertThat(got).containsExactly("table");
        assertThat(runner.isRunning()).isFalse();
    }

    @Test
    void aFailureArrivesAsTheOneLineThePagesShow() {
        List<String> errors = new ArrayList<>();
        List<String> results = new ArrayList<>();
        runner.run(BackgroundTask.of(ctx -> {
            throw InputException.setting("epochs", "x", "enter a whole number");
        }).onSuccess(r -> results.add("?")).onFailure(errors::add));
        runWorker();
        runUi();
        assertThat(results).isEmpty();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).contains("epochs").contains("Enter a whole number");
        assertThat(runner.isRunning()).isFalse();

        errors.clear();
        runner.run(BackgroundTask.of(ctx -> {
            throw new IllegalStateException("disk on fire");
        }).onFailure(errors::add));
        runWorker();
        runUi();
        assertThat(errors).containsExactly("Unexpected failure: disk on fire (details in the log)");
    }

    @Test
    void cancellingDropsTheResultAtOnceAndTheWorkSeesIt() {
        List<String> got = new ArrayList<>();
        boolean[] sawCancel = new boolean[1];
        runner.run(BackgroundTask.of(ctx -> {
            sawCancel[0] = ctx.isCancelled();
            return "late";
        }).onSuccess(got::add).onCancelled(() -> got.add("cancelled handler")));
        assertThat(runner.cancel()).isTrue();
        assertThat(runner.isRunning()).as("not running from the moment it is cancelled").isFalse();
        runWorker();
        runUi();
        assertThat(sawCancel[0]).isTrue();
        assertThat(got).as("a cancelled task delivers nothing").isEmpty();
        assertThat(runner.cancel()).as("nothing left to cancel").isFalse();
    }

    @Test
    void workThatGivesUpWhileCurrentCallsTheCancelledHandler() {
        List<String> got = new ArrayList<>();
        runner.run(BackgroundTask.of(ctx -> {
            throw new CancellationException();
        }).onFailure(got::add).onCancelled(() -> got.add("cancelled")));
        runWorker();
        runUi();
        assertThat(got).containsExactly("cancelled");
    }

    @Test
    void aNewerTaskMakesTheOlderOnesResultStale() {
        List<String> got = new ArrayList<>();
        runner.run(BackgroundTask.of(ctx -> "old").onSuccess(got::add));
        runner.run(BackgroundTask.of(ctx -> "new").onSuccess(got::add));
        // the newer one finishes first, then the older one: only the newer is shown
        worker.remove(1).run();
        runWorker();
        runUi();
        assertThat(got).containsExactly("new");
        assertThat(runner.isRunning()).isFalse();
    }

    @Test
    void progressIsCoalescedAndEventsAndMessagesArriveInOrderBeforeTheResult() {
        List<String> seen = new ArrayList<>();
        List<Double> progress = new ArrayList<>();
        runner.progressProperty().addListener((o, a, p) -> progress.add(p.doubleValue()));
        runner.run(BackgroundTask.<String, Integer>withEvents(ctx -> {
            ctx.message("using 2 threads");
            for (int i = 1; i <= 1000; i++) {
                ctx.publish(i);
                ctx.progress(i / 1000.0);
            }
            ctx.message("done");
            return "result";
        }).onMessage(m -> seen.add("message " + m))
                .onEvents(batch -> seen.add("events " + batch.size() + " up to " + batch.get(batch.size() - 1)))
                .onSuccess(r -> seen.add("success " + r)));
        runWorker();
        // 2,002 updates, one drain scheduled (50 ms later) and the result
        assertThat(uiQueue).hasSize(2);
        assertThat(uiDelays.get(0)).isEqualTo(TaskRunner.UPDATE_INTERVAL_MILLIS);
        runUi();
        assertThat(seen).containsExactly("message using 2 threads", "events 1000 up to 1000", "message done", "success result");
        assertThat(progress).as("one progress update for the whole batch").containsExactly(1.0);
    }

    @Test
    void theResultFlushesUpdatesNotYetDrained() {
        List<String> seen = new ArrayList<>();
        runner.run(BackgroundTask.<String, Integer>withEvents(ctx -> {
            ctx.publish(7);
            return "r";
        }).onEvents(b -> seen.add("events " + b)).onSuccess(seen::add));
        runWorker();
        // the result's delivery runs before the drain: it flushes the event first
        uiDelays.remove(1);
        uiQueue.remove(1).run();
        assertThat(seen).containsExactly("events [7]", "r");
        runUi();
        assertThat(seen).hasSize(2);
    }

    @Test
    void laterStepsAreDroppedOnceANewerTaskStartsAndTheResultCanWait() {
        List<String> seen = new ArrayList<>();
        runner.run(BackgroundTask.of(ctx -> "curves").deliverAfter(160).onSuccess(seen::add));
        runner.later(40, () -> seen.add("per-class table"));
        runWorker();
        assertThat(uiDelays).containsExactly(40L, 160L);
        runUi();
        assertThat(seen).containsExactly("per-class table", "curves");

        seen.clear();
        runner.run(BackgroundTask.of(ctx -> "a").onSuccess(seen::add));
        runner.later(40, () -> seen.add("step of a"));
        runner.cancel();
        runWorker();
        runUi();
        assertThat(seen).isEmpty();
    }

    @Test
    void progressOfAStaleTaskIsNotShown() {
        List<Double> progress = new ArrayList<>();
        runner.progressProperty().addListener((o, a, p) -> progress.add(p.doubleValue()));
        runner.run(BackgroundTask.of(ctx -> {
            ctx.progress(0.5);
            return 1;
        }));
        runWorker();
        runner.cancel();
        runUi();
        assertThat(progress).isEmpty();
        assertThat(runner.progressProperty().get()).isEqualTo(-1.0);
    }
    @Test
    void aTaskStartedAfterTheExecutorsShutDownIsDroppedQuietly() {
        var pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        pool.shutdownNow();
        TaskRunner closing = new TaskRunner(pool, manualUi);
        List<String> got = new ArrayList<>();
        // a load's callback starting its follow-up while the window closes: no RejectedExecutionException reaches JavaFX
        closing.run(BackgroundTask.of(ctx -> "late").onSuccess(got::add));
        runUi();
        assertThat(got).isEmpty();
        assertThat(closing.isRunning()).isFalse();
    }
}
