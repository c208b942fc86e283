package io.modelbench.engine.train;

import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.eval.Metrics;
import io.modelbench.engine.eval.TrustNotes;
import io.modelbench.engine.model.TrainedModel;

import java.util.ArrayList;
import java.util.List;

/**
 * A saved model's outcome on the test split of its data, as the end of a run computes it ({@code TrainingLoop}): the test
 * figures and rows, the trust notes on its card, the majority or mean baseline and the linear reference. The desktop's
 * Experiments page makes a sweep's trial the current model with it ("Use this trial"), so the Evaluate, Try, Optimize
 * and Export pages see it exactly as they see a model trained on the Train page. The trial was chosen on validation
 * figures; this is its one look at the test split, as for any run.
 */
public final class ModelOutcomes {

    private ModelOutcomes() {
    }

    /**
     * @param data          the data prepared with the split the model was trained with (its test rows are scored)
     * @param epochs        the epochs the model trained
     * @param stoppedEarly  whether its training ended before its epochs
     */
    public static TrainingOutcome of(TrainedModel model, PreparedData data, int epochs, boolean stoppedEarly) {
        if (data.series() != null) {   // a forecasting model: the test span beside the naive forecasts, as after training
            return SeriesReport.outcome(model, data, epochs, stoppedEarly, 0);
        }
        List<EvaluatedRow> rows = new ArrayList<>();
        EvaluationResult test = TestReport.evaluate(model, data, rows);
        TrainedModel kept = model;
        if (test != null) {
            int shared = TrustNotes.sharedRows(data.x(), data.classes(), data.y(), data.split().train(), data.split().test());
            kept = new TrainedModel(model.network(), model.normalizer(),
                    model.card().withTestMetrics(TrustNotes.withNotes(Metrics.toMap(test), test, shared)));
        }
        TestReport.Baseline baseline = TestReport.baseline(data);
        var reference = TestReport.reference(data);
        return new TrainingOutcome(kept, test, rows, baseline.result(), baseline.description(), epochs, stoppedEarly, 0,
                reference == null ? null : reference.test(), reference == null ? null : reference.description());
    }
}
