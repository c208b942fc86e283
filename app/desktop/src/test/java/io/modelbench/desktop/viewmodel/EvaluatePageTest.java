package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.eval.Curves;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Evaluate page's view model with no toolkit (every executor runs on the calling thread): residual histogram,
 * precision–recall curves, the selected row's probabilities, and evaluating on another file.
 */
class EvaluatePageTest {

    private final Executor direct = Runnable::run;
    private MainViewModel vm;

    @BeforeEach
    void setUp() {
        vm = new MainViewModel(new Workspace(), direct, direct, UiScheduler.immediate());
        vm.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
    }

    private void trainIris() {
        vm.data().openSample(Samples.find("iris"));
        vm.train().epochsProperty().set("30");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
    }

    @Test
    void regressionShowsAResidualHistogramBesidePredictedAgainstActual() {
        vm.data().openSample(Samples.find("diabetes"));
        vm.train().epochsProperty().set("10");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
        EvaluateViewModel e = vm.evaluate();
        assertThat(e.resultProperty().get()).isInstanceOf(EvaluationResult.Regression.class);
        assertThat(e.curvesProperty().get()).containsOnlyKeys("rows");

        List<EvaluatedRow> rows = e.getShownRows();
        double[] residuals = rows.stream().mapToDouble(r -> Double.parseDouble(r.actual()) - Double.parseDouble(r.predicted())).toArray();
        List<EvaluateViewModel.HistogramBin> bins = e.getResiduals();
        assertThat(bins).hasSizeBetween(5, 30);
        assertThat(bins.stream().mapToInt(EvaluateViewModel.HistogramBin::count).sum()).isEqualTo(rows.size());
        assertThat(bins.get(0).from()).isEqualTo(Arrays.stream(residuals).min().orElseThrow());
        assertThat(bins.get(bins.size() - 1).to()).isEqualTo(Arrays.stream(residuals).max().orElseThrow());
        for (int i = 1; i < bins.size(); i++) {
            assertThat(bins.get(i).from()).isCloseTo(bins.get(i - 1).to(), within(1e-9));
        }
        // each bin counts exactly the residuals inside it
        EvaluateViewModel.HistogramBin middle = bins.get(bins.size() / 2);
        long inMiddle = Arrays.stream(residuals).filter(v -> v >= middle.from() && v < middle.to()).count();
        assertThat(middle.count()).isEqualTo((int) inMiddle);
        // no class probabilities to show for a regression row
        e.selectRow(rows.get(0));
        assertThat(e.getSelectedProbabilities()).isEmpty();
        assertThat(e.selectedTextProperty().get()).contains("actual");
    }

    @Test
    void histogramOfEqualValuesIsOneBar() {
        assertThat(EvaluateViewModel.histogram(new double[] {2, 2, 2}))
                .containsExactly(new EvaluateViewModel.HistogramBin(1.5, 2.5, 3));
        assertThat(EvaluateViewModel.histogram(new double[0])).isEmpty();
    }

    @Test
    void classificationSwitchesBetweenRocAndPrecisionRecallCurvesPerClass() {
        trainIris();
        EvaluateViewModel e = vm.evaluate();
        EvaluationResult.Classification c = (EvaluationResult.Classification) e.resultProperty().get();
        assertThat(e.curveKindProperty().get()).isEqualTo(EvaluateViewModel.CurveKind.ROC);
        assertThat(e.curvesProperty().get().get("setosa").get(0)).isEqualTo(new Curves.Point(0, 0));

        e.curveKindProperty().set(EvaluateViewModel.CurveKind.PRECISION_RECALL);
        var pr = e.curvesProperty().get();
        assertThat(pr).containsOnlyKeys("setosa", "versicolor", "virginica");
        List<EvaluatedRow> rows = e.getShownRows();
        int[] actual = rows.stream().mapToInt(r -> c.labels().indexOf(r.actual())).toArray();
        double[][] p = rows.stream().map(EvaluatedRow::probabilities).toArray(double[][]::new);
        for (int k = 0; k < 3; k++) {
            List<Curves.Point> curve = pr.get(c.labels().get(k));
            assertThat(curve).isEqualTo(Curves.precisionRecall(actual, p, k));
            // recall rises to 1 at the lowest threshold; precision stays a share
            assertThat(curve.get(curve.size() - 1).x()).isEqualTo(1.0);
            assertThat(curve).allMatch(pt -> pt.y() >= 0 && pt.y() <= 1 && pt.x() >= 0 && pt.x() <= 1);
        }
        e.curveKindProperty().set(EvaluateViewModel.CurveKind.ROC);
        assertThat(e.curvesProperty().get().get("virginica")).isEqualTo(Curves.roc(actual, p, 2));
    }

    @Test
    void selectingARowShowsItsClassProbabilities() {
        trainIris();
        EvaluateViewModel e = vm.evaluate();
        EvaluatedRow row = e.getShownRows().get(3);
        e.selectRow(row);
        assertThat(e.selectedRowProperty().get()).isSameAs(row);
        assertThat(e.getSelectedProbabilities()).extracting(TryViewModel.ClassProbability::label)
                .containsExactly("setosa", "versicolor", "virginica");
        for (int k = 0; k < 3; k++) {
            assertThat(e.getSelectedProbabilities().get(k).probability()).isEqualTo(row.probabilities()[k]);
        }
        assertThat(e.getSelectedProbabilities().stream().mapToDouble(TryViewModel.ClassProbability::probability).sum())
                .isCloseTo(1.0, within(1e-4));
        assertThat(e.selectedTextProperty().get()).isEqualTo(String.format("%d: actual %s, predicted %s (%.1f %%)",
                row.line(), row.actual(), row.predicted(), row.confidence() * 100));
        e.selectRow(null);
        assertThat(e.getSelectedProbabilities()).isEmpty();
        assertThat(e.selectedTextProperty().get()).isEmpty();
    }

    @Test
    void anotherFileWithTheIrisColumnsIsShownInPlaceOfTheTestSplitAndBack(@TempDir Path dir) throws Exception {
        trainIris();
        EvaluateViewModel e = vm.evaluate();
        String testHeadline = e.headlineProperty().get();
        assertThat(e.shownDataProperty().get()).isEqualTo("Showing the test split: 30 held-out rows of iris.csv (sample)");
        assertThat(e.otherDataProperty().get()).isFalse();
        e.selectRow(e.getShownRows().get(0));

        List<String> lines = irisLines();
        Path other = dir.resolve("iris-extra.csv");
        Files.write(other, lines.subList(0, 61));  // header and 60 rows: setosa and versicolor only
        List<Boolean> evaluating = new java.util.ArrayList<>();
        e.evaluatingProperty().addListener((o, a, b) -> evaluating.add(b));

        e.evaluateOn(other);

        assertThat(evaluating).containsExactly(true, false);
        assertThat(e.errorProperty().get()).isEmpty();
        assertThat(e.otherDataProperty().get()).isTrue();
        assertThat(e.shownDataProperty().get()).isEqualTo("Showing iris-extra.csv: 60 rows (not the test split)");
        EvaluationResult.Classification c = (EvaluationResult.Classification) e.resultProperty().get();
        assertThat(c.rows()).isEqualTo(60);
        assertThat(e.headlineProperty().get()).isEqualTo(String.format("Accuracy on iris-extra.csv %.1f %%", c.accuracy() * 100));
        assertThat(e.detailsProperty().get()).contains("on all 60 rows of iris-extra.csv").contains("On the test split: accuracy");
        assertThat(Arrays.stream(c.confusion()).flatMapToInt(Arrays::stream).sum()).isEqualTo(60);
        assertThat(c.confusion()[2][0] + c.confusion()[2][1] + c.confusion()[2][2]).as("no virginica in the file").isZero();
        assertThat(e.getShownRows()).hasSize(60);
        assertThat(e.getShownRows().get(0).line()).isEqualTo(2);
        assertThat(e.getPerClass()).hasSize(3);
        assertThat(e.curvesProperty().get()).containsOnlyKeys("setosa", "versicolor", "virginica");
        assertThat(e.filterTextProperty().get()).startsWith("60 of 60 rows of iris-extra.csv");
        assertThat(e.selectedRowProperty().get()).as("the selection belonged to the test split").isNull();
        e.showCell(0, 0);
        assertThat(e.getShownRows()).hasSize(c.confusion()[0][0]);

        e.showTestSplit();
        assertThat(e.otherDataProperty().get()).isFalse();
        assertThat(e.headlineProperty().get()).isEqualTo(testHeadline);
        assertThat(e.getShownRows()).hasSize(30);
        assertThat(e.shownDataProperty().get()).startsWith("Showing the test split");
    }

    @Test
    void aFileMissingAnInputColumnGivesTheEnginesMessageAndKeepsThePage(@TempDir Path dir) throws Exception {
        trainIris();
        EvaluateViewModel e = vm.evaluate();
        String testHeadline = e.headlineProperty().get();
        Path noPetalWidth = dir.resolve("no-petal-width.csv");
        Files.write(noPetalWidth, irisLines().stream().map(l -> {
            List<String> cells = new java.util.ArrayList<>(List.of(l.split(",")));
            cells.remove(3);  // petal_width_cm
            return String.join(",", cells);
        }).toList());

        e.evaluateOn(noPetalWidth);

        assertThat(e.errorProperty().get()).contains("no-petal-width.csv").contains("column 'petal_width_cm'")
                .contains("the model needs this column but the file does not have it").doesNotContain("Exception");
        assertThat(e.evaluatingProperty().get()).isFalse();
        assertThat(e.otherDataProperty().get()).isFalse();
        assertThat(e.headlineProperty().get()).isEqualTo(testHeadline);

        // a class the model does not know: the engine names the line and the classes it knows
        List<String> lines = new java.util.ArrayList<>(irisLines().subList(0, 11));
        lines.set(5, lines.get(5).replace("setosa", "daisy"));
        Path daisy = dir.resolve("daisy.csv");
        Files.write(daisy, lines);
        e.evaluateOn(daisy);
        assertThat(e.errorProperty().get()).contains("daisy.csv, line 6").contains("'daisy' is not one of the model's classes")
                .contains("setosa, versicolor, virginica");
        // a folder for a table model
        e.evaluateOn(dir);
        assertThat(e.errorProperty().get()).contains("is an image folder, but this model was trained on a table")
                .contains("sepal_length_cm");
        assertThat(e.otherDataProperty().get()).isFalse();
    }

    @Test
    void evaluatingCanBeCancelledKeepingWhatWasShown(@TempDir Path dir) throws Exception {
        trainIris();
        EvaluateViewModel e = vm.evaluate();
        Path other = dir.resolve("all.csv");
        Files.write(other, irisLines());
        e.progressProperty().addListener((o, a, p) -> e.cancel());
        e.evaluateOn(other);
        assertThat(e.evaluatingProperty().get()).isFalse();
        assertThat(e.messageProperty().get()).startsWith("Evaluation cancelled");
        assertThat(e.otherDataProperty().get()).isFalse();
        assertThat(e.getShownRows()).hasSize(30);
    }

    private static List<String> irisLines() throws Exception {
        try (InputStream in = EvaluatePageTest.class.getResourceAsStream("/modelbench/samples/iris.csv")) {
            assertThat(in).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
                    .collect(Collectors.toList());
        }
    }
}
