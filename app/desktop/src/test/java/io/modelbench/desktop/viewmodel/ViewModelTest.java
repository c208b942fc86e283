package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The view models driven with no UI toolkit: every executor runs on the calling thread, so each command has
 * finished when it returns.
 */
class ViewModelTest {

    private final Executor direct = Runnable::run;
    private MainViewModel vm;

    @BeforeEach
    void setUp() {
        vm = new MainViewModel(new Workspace(), direct, direct, UiScheduler.immediate());
        vm.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
    }

    @Test
    void backendLoadsAndTheStatusBarSaysWhichDevice() {
        assertThat(vm.backendProperty().get().state()).isEqualTo(BackendStatus.State.READY);
        assertThat(vm.backendTextProperty().get()).startsWith("CPU backend ready");
    }

    @Test
    void openingTheIrisSampleShowsItsRowsAndChoosesItsTarget() {
        vm.data().openSample(Samples.find("iris"));
        assertThat(vm.data().tableProperty().get().rowCount()).isEqualTo(150);
        assertThat(vm.data().targetColumnProperty().get()).isEqualTo("species");
        assertThat(vm.data().getColumns()).hasSize(5);
        assertThat(vm.data().summaryProperty().get()).contains("150 rows").contains("species");
        assertThat(vm.data().errorProperty().get()).isEmpty();
    }

    @Test
    void aBrokenFileGivesAMessageNamingLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.csv");
        StringBuilder sb = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i).append(',').append(i == 1 ? "oops" : String.valueOf(i * 0.5)).append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
        }
        Files.writeString(f, sb.toString());
        vm.data().openFile(f);
        // reading succeeds (the table is text); the model page finds the non-numeric cell
        assertThat(vm.model().problemProperty().get()).contains("broken.csv").contains("line 3").contains("'b'")
                .contains("not a number");
        assertThat(vm.model().getLayers()).isEmpty();
        assertThat(vm.train().canStartBinding().get()).isTrue();
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).contains("line 3").contains("'b'");
        assertThat(vm.train().runningProperty().get()).isFalse();
    }

    @Test
    void aMissingFileGivesAMessageNotAStackTrace(@TempDir Path dir) {
        vm.data().openFile(dir.resolve("nope.csv"));
        assertThat(vm.data().errorProperty().get()).contains("nope.csv").contains("does not exist");
        assertThat(vm.data().loadingProperty().get()).isFalse();
    }

    @Test
    void theModelPageCountsParametersAndFollowsTheLayerSetting() {
        vm.data().openSample(Samples.find("iris"));
        // 4 inputs -> 32 -> 16 -> 3 classes
        assertThat(vm.model().getLayers()).hasSize(3);
        assertThat(vm.model().parametersProperty().get()).startsWith(String.format("%,d", (4 * 32 + 32) + (32 * 16 + 16) + (16 * 3 + 3)));
        vm.model().hiddenLayersProperty().set("8");
        assertThat(vm.model().getLayers()).hasSize(2);
        assertThat(vm.model().parametersProperty().get()).startsWith(String.valueOf(4 * 8 + 8 + 8 * 3 + 3));
        vm.model().hiddenLayersProperty().set("8,x");
        assertThat(vm.model().problemProperty().get()).contains("hidden layers");
    }

    @Test
    void trainingFillsTheChartThenTheEvaluatePageShowsAccuracy() {
        vm.data().openSample(Samples.find("iris"));
        vm.train().epochsProperty().set("30");
        vm.pageProperty().set(Page.TRAIN);
        List<Boolean> running = new ArrayList<>();
        vm.train().runningProperty().addListener((o, a, b) -> running.add(b));

        vm.train().start();

        assertThat(running).containsExactly(true, false);
        assertThat(vm.train().errorProperty().get()).isEmpty();
        assertThat(vm.train().getPoints()).hasSize(30);
        assertThat(vm.train().getPoints().get(29).trainingLoss()).isLessThan(vm.train().getPoints().get(0).trainingLoss());
        assertThat(vm.train().progressProperty().get()).isEqualTo(1.0);
        // the Train page stays (its final curves); its button leads to the evaluation
        assertThat(vm.pageProperty().get()).isNotEqualTo(Page.EVALUATE);
        assertThat(vm.train().resultReadyProperty().get()).isTrue();
        vm.train().showEvaluation();
        assertThat(vm.pageProperty().get()).isEqualTo(Page.EVALUATE);
        EvaluationResult.Classification r = (EvaluationResult.Classification) vm.evaluate().resultProperty().get();
        assertThat(vm.evaluate().headlineProperty().get()).isEqualTo(String.format("Test accuracy %.1f %%", r.accuracy() * 100));
        assertThat(vm.evaluate().getPerClass()).hasSize(3);
        assertThat(vm.export().canExportBinding().get()).isTrue();
        assertThat(vm.evaluate().detailsProperty().get()).contains("Baseline, always '").contains("ROC AUC")
                .contains("Linear reference, logistic regression");
        // the prediction list: all 30 test rows, then one confusion cell, then only the wrong ones
        assertThat(vm.evaluate().getShownRows()).hasSize(30);
        assertThat(vm.evaluate().curvesProperty().get()).containsOnlyKeys("setosa", "versicolor", "virginica");
        assertThat(vm.evaluate().curvesProperty().get().get("setosa").get(0)).isEqualTo(new io.modelbench.engine.eval.Curves.Point(0, 0));
        int[][] m = r.confusion();
        vm.evaluate().showCell(2, 2);
        assertThat(vm.evaluate().getShownRows()).hasSize(m[2][2])
                .allMatch(x -> x.actual().equals("virginica") && x.predicted().equals("virginica"));
        assertThat(vm.evaluate().filterTextProperty().get()).contains("actual virginica, predicted virginica");
        vm.evaluate().clearCell();
        vm.evaluate().onlyWrongProperty().set(true);
        assertThat(vm.evaluate().getShownRows()).hasSize(30 - (m[0][0] + m[1][1] + m[2][2])).noneMatch(x -> x.correct());
        assertThat(vm.export().cardProperty().get()).contains("\"input_columns\"").contains("sepal_length_cm");
        assertThat(vm.export().snippetProperty().get()).contains("ModelSerializer.restoreMultiLayerNetwork")
                .contains("{{5.1f, 3.5f, 1.4f, 0.2f}}").contains("iris-model.zip");
    }

    @Test
    void theTryFormPredictsAtOnceAsValuesChange() {
        vm.data().openSample(Samples.find("iris"));
        vm.train().start();
        assertThat(vm.tryIt().getFields()).extracting(InputField::getName)
                .containsExactly("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm");
        assertThat(vm.tryIt().getFields().get(0).valueProperty().get()).isEqualTo("5.1");
        assertThat(vm.tryIt().predictionProperty().get()).startsWith("setosa (");
        assertThat(vm.tryIt().getProbabilities()).hasSize(3);
        // a typical virginica: long, wide petals
        vm.tryIt().getFields().get(2).valueProperty().set("6.0");
        vm.tryIt().getFields().get(3).valueProperty().set("2.3");
        vm.tryIt().getFields().get(0).valueProperty().set("6.9");
        assertThat(vm.tryIt().predictionProperty().get()).startsWith("virginica (");
        vm.tryIt().getFields().get(1).valueProperty().set("wide");
        assertThat(vm.tryIt().errorProperty().get()).contains("sepal_width_cm").contains("not a number");
        vm.tryIt().fillFromRow(60);
        assertThat(vm.tryIt().errorProperty().get()).isEmpty();
        assertThat(vm.tryIt().predictionProperty().get()).startsWith("versicolor (");
    }

    @Test
    void runsAreKeptNewestFirstAndComparedSideBySide() {
        vm.data().openSample(Samples.find("iris"));
        vm.train().epochsProperty().set("5");
        vm.train().start();
        vm.train().learningRateProperty().set("0.03");
        vm.train().start();
        assertThat(vm.runs().getRuns()).extracting(RunRecord::name).containsExactly("Run 2", "Run 1");
        assertThat(vm.runs().getRuns().get(0).curve()).hasSize(5);
        vm.runs().getSelected().setAll(vm.runs().getRuns());
        var rows = vm.runs().getComparison();
        var lr = rows.stream().filter(r -> r.setting().equals("learning rate")).findFirst().orElseThrow();
        assertThat(lr.values()).as("the second run's, then the first's (the default for iris)").containsExactly("0.03", "0.003");
        assertThat(lr.differs()).isTrue();
        assertThat(rows.stream().filter(r -> r.setting().equals("seed")).findFirst().orElseThrow().differs()).isFalse();
        assertThat(rows.get(0).setting()).isEqualTo("result");
    }

    @Test
    void stopKeepsTheModelTrainedSoFar() {
        vm.data().openSample(Samples.find("iris"));
        vm.train().epochsProperty().set("1000");
        // stop from inside the run, as the Stop button would from the UI thread
        vm.train().getPoints().addListener((javafx.collections.ListChangeListener<EpochPoint>) c -> {
            if (vm.train().getPoints().size() >= 3) {
                vm.train().stop();
            }
        });
        vm.train().start();
        assertThat(vm.train().getPoints().size()).isBetween(3, 4);
        assertThat(vm.train().statusProperty().get()).startsWith("Stopped");
        assertThat(vm.evaluate().resultProperty().get()).isNotNull();
    }

    @Test
    void badSettingsAreNamed() {
        vm.data().openSample(Samples.find("iris"));
        vm.train().learningRateProperty().set("fast");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).contains("learning rate").contains("fast");
        assertThat(vm.train().runningProperty().get()).isFalse();
    }

    @Test
    void exportWritesTheZipAndProvesTheReloadedModelPredictsTheSame(@TempDir Path dir) throws Exception {
        vm.data().openSample(Samples.find("iris"));
        vm.train().epochsProperty().set("10");
        vm.train().start();
        Path out = dir.resolve("iris-model.zip");
        vm.export().export(out);
        assertThat(vm.export().errorProperty().get()).isEmpty();
        assertThat(out).exists();
        assertThat(vm.export().messageProperty().get()).contains("identical predictions on all 150 rows");
        Path csv = dir.resolve("iris-predictions.csv");
        vm.export().exportPredictions(csv);
        assertThat(vm.export().errorProperty().get()).isEmpty();
        java.util.List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertThat(lines).hasSize(151);
        assertThat(lines.get(0)).endsWith(",prediction,p_setosa,p_versicolor,p_virginica");
        Path report = dir.resolve("iris-report.html");
        vm.export().exportReport(report);
        assertThat(vm.export().errorProperty().get()).isEmpty();
        assertThat(java.nio.file.Files.readString(report)).contains("Confusion matrix").contains("<svg").contains("Baseline")
                .contains("Linear reference, logistic regression");
    }

    @Test
    void columnsGetProfilesTypesAndRolesThatChangeWhatTheModelReads(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("shop.csv");
        StringBuilder sb = new StringBuilder("order_id,amount,channel,gift,returned\n");
        String[] channels = {"web", "store", "phone"};
        for (int i = 0; i < 60; i++) {
            sb.append(500 + i).append(',').append(i % 9 == 0 ? "" : String.valueOf(10 + i * 2.5)).append(',')
                    .append(channels[i % 3]).append(',').append(i % 4 == 0 ? "yes" : "no").append(',')
                    .append(i % 5 == 0 ? "yes" : "no").append('\n'); // not i % 3: channel would predict it alone (a leak)
        }
        Files.writeString(f, sb.toString());
        vm.data().openFile(f);
        assertThat(vm.data().getColumnRows()).extracting(ColumnRow::getName)
                .containsExactly("order_id", "amount", "channel", "gift", "returned");
        ColumnRow id = vm.data().getColumnRows().get(0);
        assertThat(id.roleProperty().get()).isEqualTo(ColumnRole.IGNORE);
        assertThat(id.getNote()).isEqualTo("identifier");
        assertThat(vm.data().getColumnRows().get(1).profile().missing()).isEqualTo(7);
        assertThat(vm.data().getColumnRows().get(4).roleProperty().get()).isEqualTo(ColumnRole.TARGET);
        // amount (1) + channel one-hot (3) + gift (1) = 5 model inputs
        assertThat(vm.model().parametersProperty().get()).contains("3 input columns (5 model inputs after one-hot encoding)");

        vm.data().getColumnRows().get(2).roleProperty().set(ColumnRole.IGNORE);
        assertThat(vm.model().schemaProperty().get().featureColumns()).containsExactly("amount", "gift");
        vm.data().getColumnRows().get(2).roleProperty().set(ColumnRole.FEATURE);
        vm.data().getColumnRows().get(3).typeProperty().set(io.modelbench.engine.api.ColumnType.CATEGORICAL);
        assertThat(vm.model().parametersProperty().get()).contains("(6 model inputs");
        // choosing another target through the roles moves the old target back to an input
        vm.data().getColumnRows().get(3).roleProperty().set(ColumnRole.TARGET);
        assertThat(vm.data().targetColumnProperty().get()).isEqualTo("gift");
        assertThat(vm.data().getColumnRows().get(4).roleProperty().get()).isEqualTo(ColumnRole.FEATURE);

        vm.data().missingProperty().set(io.modelbench.engine.api.MissingStrategy.DROP_ROW);
        vm.data().weightClassesProperty().set(true);
        vm.train().epochsProperty().set("5");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
        var card = vm.evaluate().resultProperty().get();
        assertThat(card).isNotNull();
        assertThat(vm.export().cardProperty().get()).contains("\"dropped_rows\" : 7").contains("\"class_weights\" : true")
                .contains("\"target_column\" : \"gift\"");
    }

    @Test
    void aLongImportShowsProgressAndCanBeCancelledKeepingTheOpenTable(@TempDir Path dir) throws Exception {
        vm.data().openSample(Samples.find("iris"));
        Path big = dir.resolve("big.csv");
        StringBuilder sb = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 200_000; i++) {
            sb.append(i).append(',').append(i % 97).append(',').append(i % 2).append('\n');
        }
        Files.writeString(big, sb.toString());
        List<Double> progress = new ArrayList<>();
        vm.data().progressProperty().addListener((o, a, p) -> {
            progress.add(p.doubleValue());
            if (p.doubleValue() > 0.3) {
                vm.data().cancel();
            }
        });
        vm.data().openFile(big);
        assertThat(progress).isNotEmpty();
        assertThat(vm.data().errorProperty().get()).startsWith("Import cancelled");
        assertThat(vm.data().tableProperty().get().source()).isEqualTo("iris.csv (sample)");
        assertThat(vm.data().loadingProperty().get()).isFalse();
    }

    @Test
    void coalescerDeliversEverythingInOrderInFewBatches() {
        List<Runnable> pending = new ArrayList<>();
        UiScheduler manual = (task, delay) -> pending.add(task);
        List<List<Integer>> batches = new ArrayList<>();
        EventCoalescer<Integer> c = new EventCoalescer<>(manual, 50, batches::add);
        for (int i = 0; i < 1000; i++) {
            c.offer(i);
        }
        assertThat(pending).hasSize(1);
        pending.remove(0).run();
        c.offer(1000);
        pending.remove(0).run();
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).hasSize(1000).startsWith(0, 1, 2).endsWith(999);
        assertThat(batches.get(1)).containsExactly(1000);
    }
}
