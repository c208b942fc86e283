package io.modelbench.engine.train;

import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;

import java.util.List;
import io.modelbench.engine.model.TrainedModel;

/**
 * The result of a training session: the model (with its card), the figures on the held-out test split and
 * every test row's prediction, a baseline's figures on the same rows (the majority class of the training
 * rows, or their mean target), how many full epochs ran, whether it was stopped early, the throughput, and the
 * linear reference's figures on the same rows ({@code engine.eval.LinearReference}; null for images or too many inputs),
 * and for a time series the model beside the naive forecasts ({@code forecast}; null otherwise).
 * With no test split ({@code SplitSettings#hasTest} false) {@code test}, {@code baseline} and {@code reference} are
 * null and {@code testRows} empty: {@link #hasTest}.
 */
public record TrainingOutcome(TrainedModel model, EvaluationResult test, List<EvaluatedRow> testRows,
                              EvaluationResult baseline, String baselineDescription, int epochsCompleted,
                              boolean stoppedEarly, double samplesPerSecond, EvaluationResult reference,
                              String referenceDescription, io.modelbench.engine.api.ForecastReport forecast) {

    public TrainingOutcome {
        testRows = List.copyOf(testRows);
    }

    /** Whether the run held out test rows (false: a test fraction of 0, no test figures). */
    public boolean hasTest() {
        return test != null;
    }

    /** Not a time series. */
    public TrainingOutcome(TrainedModel model, EvaluationResult test, List<EvaluatedRow> testRows, EvaluationResult baseline,
                           String baselineDescription, int epochsCompleted, boolean stoppedEarly, double samplesPerSecond,
                           EvaluationResult reference, String referenceDescription) {
        this(model, test, testRows, baseline, baselineDescription, epochsCompleted, stoppedEarly, samplesPerSecond, reference,
                referenceDescription, null);
    }

    /** Without a linear reference. */
    public TrainingOutcome(TrainedModel model, EvaluationResult test, List<EvaluatedRow> testRows, EvaluationResult baseline,
                           String baselineDescription, int epochsCompleted, boolean stoppedEarly, double samplesPerSecond) {
        this(model, test, testRows, baseline, baselineDescription, epochsCompleted, stoppedEarly, samplesPerSecond, null, null);
    }
}
