package io.modelbench.engine.app;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.SweepEvent;
import io.modelbench.engine.api.SweepGate;
import io.modelbench.engine.api.SweepListener;
import io.modelbench.engine.api.SweepResult;
import io.modelbench.engine.api.SweepSpec;
import io.modelbench.engine.api.SweepStrategy;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.Trial;
import io.modelbench.engine.api.TrialResult;
import io.modelbench.engine.data.Dataset;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.sweep.Asha;
import io.modelbench.engine.sweep.SweepState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One sweep of {@link Sweeps#run}: checks every trial's settings first (bad input before anything trains), continues a
 * sweep recorded in the folder, trains the remaining trials {@code parallel} at a time on a pool of its own, records each
 * as it ends in {@code sweep.json}, and evaluates the best once on the test split. A watcher passes the user's pause and
 * stop, and the time budget, to one signal that every trial watches.
 */
final class SweepRun {

    private static final Logger LOG = LoggerFactory.getLogger(SweepRun.class);

    private final Sweeps sweeps;
    private final Dataset data;
    private final TrainingRequest base;
    private final SweepSpec spec;
    private final Project project;
    private final Path dir;
    private final SweepListener listener;
    private final StopSignal user;
    private final TrialRunner runner;
    private final StopSignal halt = new StopSignal();
    private volatile String haltReason = "";
    private SweepState state;

    SweepRun(Sweeps sweeps, Dataset data, TrainingRequest base, SweepSpec spec, Project project, Path dir,
             SweepListener listener, StopSignal stop, TrialRunner runner) {
        this.sweeps = sweeps;
        this.runner = runner;
        this.data = data;
        this.base = base;
        this.spec = spec;
        this.project = project;
        this.dir = dir;
        this.listener = listener == null ? SweepListener.NONE : listener;
        this.user = stop == null ? new StopSignal() : stop;
    }

    SweepResult run() {
        List<Trial> plan = Sweeps.plan(spec);
        int maxEpochs = 1;
        for (Trial t : plan) { // every trial's settings fit the model: refused now, not after hours
            maxEpochs = Math.max(maxEpochs, Sweeps.trialRequest(base, t).training().epochs());
        }
        RunService.check(data, Sweeps.trialRequest(base, plan.get(0)));
        Asha gate = spec.strategy() == SweepStrategy.ASHA ? new Asha(maxEpochs) : null;
        SweepState saved = saved(dir, data, base, spec);
        state = saved == null ? SweepState.start(spec, data.source(), identity(data), base.targetColumn())
                : saved.withBudget(spec.seconds(), spec.parallel());
        if (gate != null) {
            gate.restore(state.rungs());
        }
        state.write(dir);
        List<Trial> todo = new ArrayList<>();
        for (Trial t : plan) {
            TrialResult done = state.results().stream().filter(r -> r.number() == t.number() && !TrialResult.FAILED.equals(r.status()))
                    .findFirst().orElse(null);
            if (done != null) {
                listener.onEvent(new SweepEvent.TrialFinished(done));
            } else {
                todo.add(t);
            }
        }
        RunSettings settings = new RunSettings(Sweeps.threadsPerTrial(spec.parallel()), null);
        long deadline = spec.seconds() > 0 ? System.nanoTime() + (long) (spec.seconds() * 1e9) : Long.MAX_VALUE;
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(daemon("sweep-watch"));
        watcher.scheduleAtFixedRate(() -> watch(deadline), 100, 100, TimeUnit.MILLISECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(spec.parallel(), daemon("sweep-trial"));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Trial t : todo) {
                futures.add(pool.submit(() -> trial(t, settings, gate)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            halt.request();
        } catch (java.util.concurrent.ExecutionException e) {
            halt.request();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
            watcher.shutdownNow();
        }
        return finish();
    }

    /**
     * The sweep recorded in {@code dir} when it is this one (null when there is none); an {@code InputException} when the
     * folder holds a sweep of other settings or data.
     */
    /**
     * What a recorded sweep must match to be continued: the data's SHA-256, and for a time series also its settings
     * (window, horizon, …), so that a sweep restarted with another {@code --window} is refused instead of mixing trials
     * trained on other windows into one choice of the best.
     */
    static String identity(Dataset data) {
        return data instanceof io.modelbench.engine.data.SeriesDataset s ? data.sha256() + " " + s.settings() : data.sha256();
    }

    static SweepState saved(Path dir, Dataset data, TrainingRequest base, SweepSpec spec) {
        SweepState saved = SweepState.read(dir);
        if (saved != null && !saved.sameSweep(SweepState.start(spec, data.source(), identity(data), base.targetColumn()))) {
            throw InputException.file(dir, "holds a sweep with other settings or data (" + saved.strategy() + ", " + saved.trials()
                    + " trials, " + saved.data() + ")", "choose a new folder, or give the same settings to continue it");
        }
        return saved;
    }

    private void trial(Trial t, RunSettings settings, Asha gate) {
        halt.awaitWhilePaused();
        stopIfAsked();   // the watcher polls every 100 ms, and a starved watcher let two more trials start after a stop (CI)
        if (halt.isRequested()) {
            return; // stopped or out of time before it started: a restarted sweep trains it
        }
        RunOutput output = project != null ? RunOutput.project(project, null)
                : RunOutput.files(dir.resolve(String.format("trials/trial-%04d/model.zip", t.number())),
                dir.resolve(String.format("trials/trial-%04d/checkpoints", t.number())));
        TrialResult r = runner != null ? runner.train(t, gate == null ? SweepGate.ALWAYS : gate, halt)
                : sweeps.runTrial(data, base, t, output, settings, gate == null ? SweepGate.ALWAYS : gate, listener, halt);
        if (r == null) {
            return; // the runner did not start it (stopped first): a restarted sweep trains it
        }
        if (halt.isRequested() && TrialResult.STOPPED_EARLY.equals(r.status()) && !haltReason.isEmpty()) {
            r = new TrialResult(r.number(), r.params(), r.validation(), r.epochs(), r.status(), r.seconds(), r.model(), r.run(),
                    haltReason + "; " + r.message());
        }
        record(r, gate);
        listener.onEvent(new SweepEvent.TrialFinished(r));
    }

    private synchronized void record(TrialResult r, Asha gate) {
        state = state.with(r, gate == null ? null : gate.recorded());
        try {
            state.write(dir);
        } catch (RuntimeException e) {
            LOG.warn("Could not save the sweep's state: {}", e.getMessage()); // the next trial writes it again
        }
    }

    private synchronized void stopIfAsked() {
        if (user.isRequested() && !halt.isRequested()) {
            haltReason = "the sweep was stopped";
            halt.request();
        }
    }

    private void watch(long deadline) {
        stopIfAsked();
        if (System.nanoTime() > deadline && !halt.isRequested()) {
            haltReason = "the sweep's time budget (" + spec.seconds() + " s) ran out";
            halt.request();
        }
        if (user.isPaused() != halt.isPaused()) {
            if (user.isPaused()) {
                halt.pause();
            } else {
                halt.resume();
            }
        }
    }

    private SweepResult finish() {
        TrialResult winner = Sweeps.best(state.results());
        SweepResult.Best best = null;
        Path bestFile = dir.resolve(Sweeps.BEST_MODEL);
        if (winner != null && state.best() != null && state.best().trial() == winner.number() && java.nio.file.Files.isRegularFile(bestFile)) {
            best = state.best(); // a sweep continued with nothing left to train: its winner was evaluated already
        } else if (winner != null) {
            best = sweeps.evaluateOnTest(data, base, winner, bestFile);
        }
        boolean complete = state.results().size() == Sweeps.plan(spec).size();
        state = state.ended(complete ? SweepState.FINISHED : SweepState.STOPPED, best);
        state.write(dir);
        SweepResult result = new SweepResult(state.results(), best);
        String message = complete ? "all " + state.results().size() + " trials ended"
                : state.results().size() + " of " + spec.trials() + " trials ended: " + (haltReason.isEmpty() ? "stopped" : haltReason);
        listener.onEvent(new SweepEvent.SweepFinished(result, message));
        return result;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
