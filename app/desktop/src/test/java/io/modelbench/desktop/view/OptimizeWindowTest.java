package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.OptimizeViewModel;
import io.modelbench.engine.app.Exports;
import io.modelbench.engine.data.Samples;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Window;
import org.jfree.chart.fx.ChartViewer;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import javafx.stage.Stage;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import io.modelbench.desktop.viewmodel.EpochPoint;
import io.modelbench.desktop.viewmodel.RunRecord;
import io.modelbench.engine.app.Projects;
import io.modelbench.engine.project.RunInfo;
import javafx.scene.control.ListView;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Optimize page in the real window (headless under Monocle): a model trained here is pruned from the page, the
 * before/after table and the chart fill, the optimized zip is saved and loads as a model; a long distillation is
 * cancelled and leaves the last result as it was.
 */
class OptimizeWindowTest extends AppWindowTest {

    @Start
    void start(Stage stage) {
        open(stage);
    }

    @org.junit.jupiter.api.io.TempDir
    Path dir;

    @Override
    protected FileDialogs dialogs() {
        return new FileDialogs() {
            @Override
            public Optional<Path> chooseModelTarget(Window owner, String suggestedName) {
                return Optional.of(dir.resolve(suggestedName));
            }
        };
    }

    @Test
    void pruningFromThePageFillsTheTableAndChartAndSavesAModelThatLoads(FxRobot robot) throws Exception {
        awaitBackend();
        robot.interact(() -> {
            parts.viewModel().data().openSample(Samples.find("iris"));
            parts.viewModel().train().epochsProperty().set("30");
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> parts.viewModel().train().canStartBinding().get());
        robot.interact(() -> parts.viewModel().train().start());
        OptimizeViewModel vm = parts.viewModel().optimize();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.canRunBinding().get());

        robot.clickOn("#navOptimize");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#saveButton").queryButton().isDisabled()).isTrue();
        assertThat(robot.lookup("#pruneSettings").query().isVisible()).isFalse();
        robot.clickOn("#pruneChoice");
        assertThat(vm.methodProperty().get()).isEqualTo("prune");
        assertThat(robot.lookup("#pruneSettings").query().isVisible()).isTrue();
        TextField sparsity = robot.lookup("#sparsityField").queryAs(TextField.class);
        robot.doubleClickOn(sparsity).eraseText(sparsity.getText().length()).write("0.4");
        robot.clickOn("#runButton");
        TableView<OptimizeViewModel.Row> table = robot.lookup("#resultTable").queryTableView();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.resultProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(table.getItems().get(0).model()).isEqualTo("original");
        assertThat(table.getItems().get(1).model()).isEqualTo("prune");
        assertThat(table.getItems().get(1).figure()).startsWith("accuracy ");
        assertThat(vm.messageProperty().get()).contains("sparsity 40");
        ChartViewer chart = robot.lookup("#optimizeChart").queryAs(ChartViewer.class);
        assertThat(chart.getChart().getXYPlot().getDataset().getSeriesCount()).isEqualTo(2);

        robot.clickOn("#saveButton");
        Path saved = dir.resolve(vm.suggestedFileName());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> vm.messageProperty().get().startsWith("Saved "));
        assertThat(Exports.loadModel(saved).card().optimized().method()).isEqualTo("prune");

        // a distillation far too long for the test, cancelled from the page
        robot.clickOn("#distillChoice");
        TextField epochs = robot.lookup("#epochsField").queryAs(TextField.class);
        robot.clickOn(epochs).write("5000");
        robot.clickOn("#runButton");
        assertThat(vm.errorProperty().get()).isEmpty();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.runningProperty().get());
        robot.clickOn("#cancelButton");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !vm.runningProperty().get());
        assertThat(vm.messageProperty().get()).startsWith("Cancelled");
        assertThat(table.getItems().get(1).model()).isEqualTo("prune");
        assertThat(robot.lookup("#runButton").queryButton().isDisabled()).isFalse();
    }

    @Test
    void aDistillationFromThePageIsARunOfTheProjectWithItsCurvesOnTheTrainAndRunsPages(FxRobot robot) throws Exception {
        awaitBackend();
        Path projectDir = dir.resolve("project");
        robot.interact(() -> parts.viewModel().project().newProject(projectDir));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> parts.viewModel().project().titleProperty().get().startsWith("project"));
        robot.interact(() -> {
            parts.viewModel().data().openSample(Samples.find("iris"));
            parts.viewModel().train().epochsProperty().set("30");
        });
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> parts.viewModel().train().canStartBinding().get());
        robot.interact(() -> parts.viewModel().train().start());
        OptimizeViewModel vm = parts.viewModel().optimize();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.canRunBinding().get());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> parts.viewModel().runs().getRuns().size() == 1);

        robot.clickOn("#navOptimize");
        robot.clickOn("#distillChoice");
        // the CNN student is offered, and refused for this table model before anything runs
        robot.interact(() -> vm.studentKindProperty().set("cnn"));
        assertThat(robot.lookup("#cnnSettings").query().isVisible()).isTrue();
        assertThat(robot.lookup("#mlpSettings").query().isVisible()).isFalse();
        robot.clickOn("#runButton");
        assertThat(vm.errorProperty().get()).contains("--distill SIZES");
        assertThat(vm.runningProperty().get()).isFalse();

        robot.interact(() -> vm.studentKindProperty().set("mlp"));
        TextField epochs = robot.lookup("#epochsField").queryAs(TextField.class);
        robot.clickOn(epochs).write("8");
        List<String> lines = new CopyOnWriteArrayList<>();
        robot.interact(() -> vm.messageProperty().addListener((o, was, now) -> lines.add(now)));
        // one training at a time: the Train page's Start waits while the student trains (its curves go there)
        List<Boolean> trainStartWhileDistilling = new CopyOnWriteArrayList<>();
        robot.interact(() -> vm.runningProperty().addListener((o, was, now) -> {
            if (now) {
                trainStartWhileDistilling.add(parts.viewModel().train().canStartBinding().get());
            }
        }));
        robot.clickOn("#runButton");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.resultProperty().get() != null);
        assertThat(trainStartWhileDistilling).containsExactly(false);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> parts.viewModel().train().canStartBinding().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(lines).as("live progress on the page").anyMatch(l -> l.startsWith("Distilling: student epoch"));
        assertThat(robot.lookup("#resultTable").queryTableView().getItems()).hasSize(2);

        // the run: in the project, on the Runs page with its curve, its curves on the Train page
        var project = Projects.open(projectDir).project();
        List<RunInfo> runs = project.runs();
        assertThat(runs).hasSize(2);
        RunInfo student = runs.get(1);
        assertThat(student.status()).isEqualTo(RunInfo.FINISHED);
        assertThat(student.note()).contains("distilled into an MLP [64, 32]");
        assertThat(student.epochs()).hasSize(8);
        assertThat(Files.isRegularFile(project.modelFile(student.id()))).isTrue();
        RunRecord listed = parts.viewModel().runs().getRuns().get(0);
        assertThat(listed.id()).isEqualTo(student.id());
        assertThat(listed.curve()).hasSize(8);
        assertThat(listed.result()).startsWith("accuracy");
        assertThat(parts.viewModel().train().getPoints()).extracting(EpochPoint::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        robot.clickOn("#navRuns");
        ListView<RunRecord> list = robot.lookup("#runsList").queryListView();
        assertThat(list.getItems()).hasSize(2);
        assertThat(list.getItems().get(0).id()).isEqualTo(student.id());
    }
}
