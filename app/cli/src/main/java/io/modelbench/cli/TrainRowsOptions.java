package io.modelbench.cli;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.app.RunEvent;
import io.modelbench.engine.app.RunListener;
import io.modelbench.engine.app.RunSettings;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.eval.Metrics;
import io.modelbench.engine.train.TrainingOutcome;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * {@code train}'s options about which rows it uses and how it chooses settings (issue 19): {@code --test-data} (a
 * separate test file, so every row of {@code --data} trains or validates), and {@code --auto} with
 * {@code --time-budget} (a few sizes and learning rates tried, chosen on the validation split). A mixin, so the
 * command's own file stays about training.
 */
final class TrainRowsOptions {

    @Option(names = "--test-data", paramLabel = "FILE",
            description = "A separate test table with the same columns: the test figures come from it, and --data is split into "
                    + "training and validation only (the test fraction becomes 0). Encoded with the training rows' fill values, "
                    + "categories and scaling.")
    String testData;

    @Option(names = "--auto",
            description = "Also try a few layer sizes (half, twice) and learning rates (a third, three times) around the settings, "
                    + "each with early stopping, and train the best on the validation split (never the test split).")
    boolean auto;

    @Option(names = "--time-budget", paramLabel = "SECONDS",
            description = "Time for --auto, its final training included (default: 120). Candidates that would not fit are not tried.")
    Double timeBudget;

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    /** The checks that need no data: {@code --time-budget} only with {@code --auto}, {@code --test-data} not with {@code --resume}. */
    void check(boolean resume) {
        if (timeBudget != null && !auto) {
            throw InputException.setting("--time-budget", timeBudget, "add --auto: the budget is the search's");
        }
        if (timeBudget != null && !(timeBudget > 0)) {
            throw InputException.setting("--time-budget", timeBudget, "give a number of seconds above 0, such as 60");
        }
        if (resume && (testData != null || auto)) {
            throw InputException.setting(testData != null ? "--test-data" : "--auto", testData != null ? testData : "on",
                    "a resumed run keeps its split and settings: leave it out with --resume");
        }
    }

    /** The run settings with the search when {@code --auto} was given. */
    RunSettings settings(RunSettings s) {
        return auto ? s.withAuto(timeBudget == null ? RunSettings.DEFAULT_AUTO_SECONDS : timeBudget) : s;
    }

    /**
     * The training table with the {@code --test-data} rows appended (checked against the training table's schema for the
     * request), or {@code train} itself when there is none.
     */
    Table appendTest(Table train, TrainingRequest request, EncodingOption encoding) {
        if (testData == null) {
            return train;
        }
        if (CliSupport.isSample(testData)) {
            throw InputException.setting("--test-data", testData, "give a CSV file with the same columns as --data");
        }
        return Datasets.appendTestTable(train, encoding.open(testData), request);
    }

    /** The run's listener, also printing each candidate of {@code --auto} on {@code err} (unless quiet). */
    static RunListener listener(RunListener training, PrintWriter err, boolean quiet) {
        return e -> {
            if (e instanceof RunEvent.AutoCandidate c && !quiet) {
                err.printf(Locale.ROOT, "auto: candidate %d, %s: validation %s %.4g (%.1f s)%n", c.number(), c.settings(), c.metricName(),
                        c.validationMetric(), c.seconds());
            }
            training.onEvent(e);
        };
    }

    /**
     * The JSON's test figures, baseline and linear reference, or, with no test split, {@code "test": null} and a
     * {@code "test_split"} that says so; and {@code "auto"}, the search's choice, when there was one.
     */
    static void putResults(Map<String, Object> result, TrainingOutcome outcome) {
        ModelCard card = outcome.model().card();
        if (!outcome.hasTest()) {
            result.put("test", null);
            result.put("test_split", "none: the test fraction is 0, so every row went to training and validation and there are no "
                    + "test figures; evaluate the model on a separate file (evaluate --data FILE)");
        } else {
            result.put("test", Metrics.toMap(outcome.test()));
            Map<String, Object> baseline = new java.util.LinkedHashMap<>();
            baseline.put("model", outcome.baselineDescription());
            baseline.putAll(Metrics.toMap(outcome.baseline()));
            result.put("baseline", baseline);
        }
        if (outcome.reference() != null) {
            // the linear model on the same inputs and split: what the network has to beat
            Map<String, Object> reference = new java.util.LinkedHashMap<>();
            reference.put("model", "linear");
            reference.put("fit", outcome.referenceDescription());
            reference.putAll(Metrics.toMap(outcome.reference()));
            result.put("reference", reference);
        }
        if (card.training().autoSearch() != null) {
            result.put("auto", card.training().autoSearch());
        }
    }
}
