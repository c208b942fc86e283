package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.eval.TrustNotes;
import io.modelbench.engine.train.TrainingOutcome;

/** The Evaluate page's headline and details lines for a result: on the test split beside the baseline, or on another file. */
final class EvaluationTexts {

    private EvaluationTexts() {
    }

    /**
     * {headline, details} for {@code r}; {@code source} names another file ({@code images} true when it is an image
     * folder), or is null for the test split of {@code outcome}.
     */
    static String[] of(EvaluationResult r, String source, boolean images, TrainingOutcome outcome) {
        boolean other = source != null;
        String unit = unit(outcome);
        if (r instanceof EvaluationResult.Classification c) {
            if (other) {
                EvaluationResult.Classification t = (EvaluationResult.Classification) outcome.test();
                return new String[] {String.format("Accuracy on %s %.1f %%", source, c.accuracy() * 100),
                        String.format("Macro F1 %.3f · ROC AUC (one-vs-rest, macro) %.3f · on all %d %s of %s.%n"
                                        + "On the test split: accuracy %.1f %%, macro F1 %.3f.", c.f1Macro(), c.aucMacro(), c.rows(),
                                images ? "images" : unit, source, t.accuracy() * 100, t.f1Macro())};
            }
            EvaluationResult.Classification b = (EvaluationResult.Classification) outcome.baseline();
            return new String[] {String.format("Test accuracy %.1f %%", c.accuracy() * 100),
                    String.format("Macro F1 %.3f · ROC AUC (one-vs-rest, macro) %.3f · on %d held-out test %s that "
                                    + "training never saw%s.%nBaseline, %s: accuracy %.1f %%, macro F1 %.3f.", c.f1Macro(), c.aucMacro(),
                            c.rows(), unit, outcome.stoppedEarly() ? " (training was stopped early)" : "", outcome.baselineDescription(),
                            b.accuracy() * 100, b.f1Macro()) + reference(c.accuracy(), outcome)};
        }
        EvaluationResult.Regression g = (EvaluationResult.Regression) r;
        if (other) {
            EvaluationResult.Regression t = (EvaluationResult.Regression) outcome.test();
            return new String[] {String.format("R² on %s %.3f", source, g.r2()),
                    String.format("RMSE %.4g · MAE %.4g on all %d %s of %s.%nOn the test split: RMSE %.4g · MAE %.4g · R² %.3f.",
                            g.rmse(), g.mae(), g.rows(), unit, source, t.rmse(), t.mae(), t.r2())};
        }
        EvaluationResult.Regression b = (EvaluationResult.Regression) outcome.baseline();
        return new String[] {String.format("Test R² %.3f", g.r2()),
                String.format("RMSE %.4g · MAE %.4g on %d held-out test %s that training never saw.%n"
                                + "Baseline, %s: RMSE %.4g · MAE %.4g · R² %.3f.", g.rmse(), g.mae(), g.rows(), unit,
                        outcome.baselineDescription(), b.rmse(), b.mae(), b.r2()) + reference(g.r2(), outcome)};
    }

    /**
     * What the evaluated rows are for this model: images, sequences (a sequence classifier's row is a whole sequence),
     * steps (a forecasting model's is the step a window predicts) or rows.
     */
    static String unit(TrainingOutcome outcome) {
        var card = outcome == null || outcome.model() == null ? null : outcome.model().card();
        return card == null ? "rows" : card.image() != null ? "images" : card.sequence() != null ? "sequences"
                : card.series() != null ? "steps" : "rows";
    }

    /**
     * The linear reference's line (empty when there is none: images), and when the network does not beat it, a line
     * that says so and what to try (issue 19: a user who sees R² 0.07 should learn that a straight line does better).
     */
    static String reference(double network, TrainingOutcome outcome) {
        EvaluationResult ref = outcome.reference();
        if (ref == null) {
            return "";
        }
        String line;
        double linear;
        if (ref instanceof EvaluationResult.Classification c) {
            linear = c.accuracy();
            line = String.format("%nLinear reference, %s: accuracy %.1f %%, macro F1 %.3f.", outcome.referenceDescription(),
                    c.accuracy() * 100, c.f1Macro());
        } else {
            EvaluationResult.Regression g = (EvaluationResult.Regression) ref;
            linear = g.r2();
            line = String.format("%nLinear reference, %s: RMSE %.4g · MAE %.4g · R² %.3f.", outcome.referenceDescription(),
                    g.rmse(), g.mae(), g.r2());
        }
        if (network < linear) {
            line += String.format("%nThe network does not beat the linear model on these rows. Try early stopping and weight decay "
                    + "(Train page, Optimization), a smaller network, a lower learning rate or more rows; or keep the linear "
                    + "model if it is good enough.");
        }
        return line;
    }

    /**
     * The warnings about these figures, one per line: a score at or near perfect; and, for the test split ({@code outcome}
     * not null), test rows that are also training rows. "" when none apply.
     */
    static String warning(EvaluationResult r, TrainingOutcome outcome) {
        int shared = outcome == null ? 0 : Math.max(0, TrustNotes.sharedRows(outcome.model().card()));
        return TrustNotes.warnings(r, shared).stream().map(w -> "⚠ " + Character.toUpperCase(w.charAt(0)) + w.substring(1) + ".")
                .collect(java.util.stream.Collectors.joining("\n"));
    }
}
