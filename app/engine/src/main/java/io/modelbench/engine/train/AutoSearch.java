package io.modelbench.engine.train;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.DataSplit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * {@code train --auto} and the Train page's "Try a few settings" (issue 19): within a time budget, trains a small fixed
 * list of candidates around the settings the run would use (the layer sizes half and twice as wide, and the learning
 * rate a third and three times), each with early stopping, and keeps the one with the best score on the validation
 * split. The candidates are trained on the prepared data <em>with the test rows taken out</em> ({@link #withoutTest}), so
 * nothing in the search can read the test split; the chosen settings are then trained once more as the run itself,
 * which alone reports test figures.
 *
 * <p>Score: the validation accuracy (classification) or RMSE (regression) of the epoch early stopping kept, ties
 * broken by that epoch's validation loss. The first candidate is the run's own settings, so the choice is never worse
 * than them on validation.
 *
 * <p>Budget: a candidate is started only while the time left, less the time the run's own training is expected to
 * take (the slowest candidate so far), still holds it; a candidate still training when that time is up is stopped and
 * scored on the best epoch it reached. The first candidate always runs.
 */
public final class AutoSearch {

    /** One candidate's settings in words, its validation score (metric and loss of the kept epoch) and its time. */
    public record Candidate(int number, String settings, String metricName, double validationMetric, double validationLoss,
                            int keptEpoch, double seconds, boolean stopped) {
    }

    /** The settings chosen, every candidate tried (in order), and the choice in words. */
    public record Result(TrainingSettings chosen, List<Candidate> tried, Candidate best, String description) {
    }

    private final Trainer trainer;
    private final LongSupplier clock;

    /** With the system's nanosecond clock. */
    public AutoSearch(Trainer trainer) {
        this(trainer, System::nanoTime);
    }

    AutoSearch(Trainer trainer, LongSupplier nanoClock) {
        this.trainer = trainer;
        this.clock = nanoClock;
    }

    /**
     * The candidates for {@code base}: itself first, then its learning rate ÷3 and ×3, then (for a plain MLP) its
     * hidden layers half and twice as wide at its learning rate. A model spec other than a plain MLP (a CNN, an
     * imported spec) varies the learning rate only.
     */
    public static List<TrainingSettings> candidates(TrainingSettings base) {
        Set<TrainingSettings> out = new LinkedHashSet<>();
        out.add(base);
        double lr = base.learningRate();
        out.add(base.withLearningRate(round(lr / 3)));
        out.add(base.withLearningRate(round(lr * 3)));
        List<Integer> mlp = base.model() == null ? base.hiddenLayers() : base.spec().plainMlpSizes();
        if (mlp != null && !mlp.isEmpty()) {
            out.add(base.withHiddenLayers(mlp.stream().map(u -> Math.max(2, u / 2)).toList()));
            out.add(base.withHiddenLayers(mlp.stream().map(u -> Math.min(16_384, u * 2)).toList()));
        }
        return List.copyOf(out);
    }

    /**
     * Searches within {@code budgetSeconds} for the request's data (prepared already) and returns the choice; each
     * candidate is passed to {@code progress} when it is done. A Stop ends the search after the current candidate.
     */
    public Result search(PreparedData data, TrainingRequest request, double budgetSeconds, StopSignal stop, Consumer<Candidate> progress) {
        if (data.split().validation().length == 0) {
            throw InputException.setting("auto", "on", "the search chooses on the validation split: set a validation fraction above 0");
        }
        TrainingSettings base = request.training();
        if (base.optimization().patience() == 0) {
            base = base.withOptimization(base.optimization().withPatience(Defaults.patience(base.epochs())));
        }
        PreparedData searchData = withoutTest(data);
        long start = clock.getAsLong();
        long budget = (long) (budgetSeconds * 1e9);
        List<Candidate> tried = new ArrayList<>();
        List<TrainingSettings> settings = candidates(base);
        Candidate best = null;
        TrainingSettings chosen = request.training();
        long slowest = 0;
        for (int i = 0; i < settings.size(); i++) {
            long now = clock.getAsLong();
            if (i > 0 && (stop.isRequested() || now - start + 2 * slowest > budget)) {
                break; // the next candidate and the run itself would not fit
            }
            long deadline = start + budget - Math.max(slowest, 0);
            Candidate c = train(searchData, request.withTraining(settings.get(i)), i + 1, deadline, i == 0 ? null : stop);
            slowest = Math.max(slowest, (long) (c.seconds() * 1e9));
            tried.add(c);
            progress.accept(c);
            if (best == null || better(c, best)) {
                best = c;
                chosen = i == 0 ? request.training() : settings.get(i);
            }
        }
        String description = String.format(Locale.ROOT, "chosen by auto on the validation split from %d candidate%s in %.0f s: %s "
                        + "(validation %s %.4g); tried %s", tried.size(), tried.size() == 1 ? "" : "s",
                (clock.getAsLong() - start) / 1e9, best.settings(), best.metricName(), best.validationMetric(),
                tried.stream().map(c -> c.settings() + String.format(Locale.ROOT, " %.4g", c.validationMetric())).collect(Collectors.joining("; ")));
        return new Result(chosen, List.copyOf(tried), best, description);
    }

    /** Whether {@code a} scores better than {@code b} on validation: higher accuracy or lower RMSE, then lower loss. */
    static boolean better(Candidate a, Candidate b) {
        boolean higher = "accuracy".equals(a.metricName());
        int c = Double.compare(a.validationMetric(), b.validationMetric());
        if (c != 0 && !Double.isNaN(a.validationMetric())) {
            return higher ? c > 0 : c < 0;
        }
        return a.validationLoss() < b.validationLoss();
    }

    /** The prepared data with no test rows: what the candidates are trained and scored on. */
    static PreparedData withoutTest(PreparedData p) {
        DataSplit s = p.split();
        return new PreparedData(p.schema(), p.encoder(), p.x(), p.classes(), p.y(), new DataSplit(s.train(), s.validation(), new int[0]),
                p.sourceRow(), p.sourceLine(), p.source(), p.sha256(), p.sourceRows(), p.dropped(), p.shape(), p.images(), null,
                p.sequence());   // padded sequences stay masked
    }

    private Candidate train(PreparedData data, TrainingRequest request, int number, long deadline, StopSignal outer) {
        StopSignal stop = new StopSignal();
        double[] kept = {Double.NaN, Double.POSITIVE_INFINITY, 0};
        String[] metric = {""};
        long t0 = clock.getAsLong();
        TrainingOutcome out = trainer.train(data, request, e -> {
            if (e instanceof TrainingEvent.EpochDone d) {
                metric[0] = d.metricName();
                if (d.validationLoss() < kept[1]) { // the epoch early stopping keeps: the lowest validation loss
                    kept[0] = d.validationMetric();
                    kept[1] = d.validationLoss();
                    kept[2] = d.epoch();
                }
                if (clock.getAsLong() > deadline || outer != null && outer.isRequested()) {
                    stop.request();
                }
            }
        }, stop, null);
        double seconds = (clock.getAsLong() - t0) / 1e9;
        return new Candidate(number, describe(request.training()), metric[0], kept[0], kept[1], (int) kept[2], seconds,
                out.stoppedEarly() && stop.isRequested());
    }

    /** "hidden 32,16, learning rate 0.003" (or the spec's name for a model that is not a plain MLP). */
    static String describe(TrainingSettings s) {
        List<Integer> mlp = s.model() == null ? s.hiddenLayers() : s.spec().plainMlpSizes();
        String layers = mlp == null ? s.spec().name() : "hidden " + mlp.stream().map(String::valueOf).collect(Collectors.joining(","));
        return layers + ", learning rate " + s.learningRate();
    }

    private static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.2g", v));
    }
}
