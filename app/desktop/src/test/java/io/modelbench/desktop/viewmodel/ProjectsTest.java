package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RecentProjects;
import io.modelbench.engine.project.RunInfo;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/** Projects: runs saved as they train, the app reopened, a stopped or crashed run resumed, a changed file noticed. */
class ProjectsTest {

    private final Executor direct = Runnable::run;

    private MainViewModel app(Path recent) {
        MainViewModel vm = new MainViewModel(new Workspace(), direct, direct, UiScheduler.immediate(), new RecentProjects(recent));
        vm.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
        return vm;
    }

    @Test
    void runsAreKeptAndTheProjectReopensAsItWas(@TempDir Path dir) throws Exception {
        Path recent = dir.resolve("recent.txt");
        MainViewModel vm = app(recent);
        vm.data().openSample(Samples.find("iris"));
        vm.model().hiddenLayersProperty().set("12");
        vm.train().epochsProperty().set("6");
        Path root = dir.resolve("flowers");
        vm.project().newProject(root);
        assertThat(vm.project().titleProperty().get()).isEqualTo("flowers — ModelBench");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();

        Project p = Project.open(root);
        RunInfo run = p.runs().get(0);
        assertThat(run.status()).isEqualTo(RunInfo.FINISHED);
        assertThat(run.epochs()).hasSize(6);
        assertThat(run.dataset().source()).isEqualTo("sample:iris");
        assertThat(run.environment()).containsKeys("backend", "cpus", "deeplearning4j");
        assertThat(Files.isRegularFile(p.modelFile(run.id()))).isTrue();
        assertThat(Files.isRegularFile(p.checkpointDir(run.id()).resolve("last.zip"))).isTrue();
        RunRecord rec = vm.runs().getRuns().get(0);
        vm.runs().rename(rec, "small net");
        vm.runs().annotate(vm.runs().getRuns().get(0), "first try");

        // the app starts again: File ▸ Open Recent
        MainViewModel again = app(recent);
        assertThat(again.project().getRecent()).containsExactly(root.toAbsolutePath());
        again.project().openProject(again.project().getRecent().get(0));
        assertThat(again.project().errorProperty().get()).isEmpty();
        assertThat(again.data().tableProperty().get().rowCount()).isEqualTo(150);
        assertThat(again.data().targetColumnProperty().get()).isEqualTo("species");
        assertThat(again.model().getSpecLayers()).extracting(LayerSpec::units).containsExactly(12);
        assertThat(again.train().epochsProperty().get()).isEqualTo("6");
        assertThat(again.runs().getRuns()).hasSize(1);
        RunRecord kept = again.runs().getRuns().get(0);
        assertThat(kept.name()).isEqualTo("small net");
        assertThat(kept.note()).isEqualTo("first try");
        assertThat(kept.curve()).hasSize(6);
        assertThat(kept.resumable()).isFalse();

        // re-run with the same settings: a second run in the project
        again.runs().rerun(kept);
        assertThat(Project.open(root).runs()).hasSize(2);
        assertThat(again.runs().getRuns()).hasSize(2);
        again.runs().delete(again.runs().getRuns().get(0));
        assertThat(Project.open(root).runs()).extracting(RunInfo::id).containsExactly("run-0001");
    }

    @Test
    void aRunInterruptedByACrashResumesFromItsCheckpointAfterARestart(@TempDir Path dir) {
        Path recent = dir.resolve("recent.txt");
        MainViewModel vm = app(recent);
        vm.data().openSample(Samples.find("iris"));
        vm.train().epochsProperty().set("8");
        Path root = dir.resolve("crash");
        vm.project().newProject(root);
        // stop after epoch 3, then make the run look as if the app died while training
        vm.train().getPoints().addListener((ListChangeListener<EpochPoint>) c -> {
            if (vm.train().getPoints().size() == 3) {
                vm.train().stop();
            }
        });
        vm.train().start();
        Project p = Project.open(root);
        RunInfo stopped = p.runs().get(0);
        assertThat(stopped.status()).isEqualTo(RunInfo.STOPPED);
        p.writeRun(stopped.withStatus(RunInfo.RUNNING, null));

        MainViewModel restarted = app(recent);
        restarted.project().openProject(root);
        assertThat(restarted.project().messageProperty().get()).contains("1 interrupted");
        RunRecord r = restarted.runs().getRuns().get(0);
        assertThat(r.status()).isEqualTo(RunInfo.INTERRUPTED);
        assertThat(r.resumable()).isTrue();
        restarted.runs().resume(r);
        assertThat(restarted.train().errorProperty().get()).isEmpty();
        RunInfo resumed = Project.open(root).runs().get(0);
        assertThat(resumed.status()).isEqualTo(RunInfo.FINISHED);
        // every epoch once: 1-3 before the crash, 4-8 after (no lost or repeated epoch)
        assertThat(resumed.epochs()).extracting(RunInfo.Epoch::epoch).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(restarted.runs().getRuns()).hasSize(1);
        assertThat(restarted.runs().getRuns().get(0).curve()).hasSize(8);
    }

    @Test
    void aChangedDataFileIsNoticedWhenTheProjectOpens(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("points.csv");
        StringBuilder sb = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 40; i++) {
            sb.append(i).append(',').append(i % 7).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        Files.writeString(csv, sb.toString());
        Path recent = dir.resolve("recent.txt");
        MainViewModel vm = app(recent);
        vm.data().openFile(csv);
        vm.project().newProject(dir.resolve("p"));
        Files.writeString(csv, sb + "41,6,odd\n");
        MainViewModel again = app(recent);
        again.project().openProject(dir.resolve("p"));
        assertThat(again.data().tableProperty().get().rowCount()).isEqualTo(41);
        assertThat(again.project().errorProperty().get()).contains("data changed").contains("points.csv");
        again.project().openProject(dir.resolve("nothing-here"));
        assertThat(again.project().errorProperty().get()).contains("nothing-here").contains("does not exist").doesNotContain("Exception");
    }

    @Test
    void anImageProjectReopensItsFolderWithItsSettings(@TempDir Path dir) {
        Path folder = Samples.unpackImages(Samples.find("digits_images"), dir.resolve("samples"));
        Path recent = dir.resolve("recent.txt");
        MainViewModel vm = app(recent);
        vm.data().openFile(folder);
        vm.data().augmentFlipProperty().set(true);
        vm.train().epochsProperty().set("1");
        vm.train().learningRateProperty().set("0.002");
        vm.project().newProject(dir.resolve("digits"));
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
        RunInfo run = Project.open(dir.resolve("digits")).runs().get(0);
        assertThat(run.dataset().forImages()).isTrue();
        assertThat(run.dataset().images().augmentation().flip()).isTrue();

        MainViewModel again = app(recent);
        again.project().openProject(dir.resolve("digits").resolve(Project.FILE)); // the project file, as a double-click gives it
        assertThat(again.project().errorProperty().get()).isEmpty();
        assertThat(again.data().imagesProperty().get().size()).isEqualTo(1797);
        assertThat(again.data().augmentFlipProperty().get()).isTrue();
        assertThat(again.model().currentSpec().name()).isEqualTo("cnn");
        assertThat(again.train().learningRateProperty().get()).isEqualTo("0.002");
        assertThat(again.runs().getRuns()).hasSize(1);
    }
}
