package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.train.TrainingOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluationTextsTest {

    private static TrainingOutcome outcome(double networkR2, EvaluationResult.Regression reference) {
        return new TrainingOutcome(null, new EvaluationResult.Regression(88, 60, 50, networkR2), List.of(),
                new EvaluationResult.Regression(88, 75, 65, -0.01), "always 152 (the mean target in training)", 40, false, 1000,
                reference, reference == null ? null : "ridge regression (L2 0.1, chosen on the validation split)");
    }

    @Test
    void aNetworkBelowTheLinearReferenceIsToldSoWithWhatToTry() {
        TrainingOutcome o = outcome(0.07, new EvaluationResult.Regression(88, 53, 42, 0.44));
        String details = EvaluationTexts.of(o.test(), null, false, o)[1];
        assertThat(details).contains("Linear reference, ridge regression (L2 0.1, chosen on the validation split): "
                        + "RMSE 53.00 · MAE 42.00 · R² 0.440.")
                .contains("The network does not beat the linear model").contains("early stopping");
    }

    @Test
    void aNetworkThatBeatsTheReferenceGetsOnlyTheReferenceLine() {
        TrainingOutcome o = outcome(0.50, new EvaluationResult.Regression(88, 53, 42, 0.44));
        String details = EvaluationTexts.of(o.test(), null, false, o)[1];
        assertThat(details).contains("Linear reference, ridge regression").doesNotContain("does not beat");
    }

    @Test
    void withoutAReferenceThereIsNoLine() {
        TrainingOutcome o = outcome(0.50, null);
        assertThat(EvaluationTexts.of(o.test(), null, false, o)[1]).doesNotContain("Linear reference");
    }
}
