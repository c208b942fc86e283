package io.modelbench.engine.io;

import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.model.TrainedModel;
import io.modelbench.engine.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Use this model" snippet is compiled and run, as a user would, against the exported zip. */
class JavaSnippetTest {

    @Test
    void theSnippetCompilesRunsAndPredictsWhatModelBenchPredicts(@TempDir Path dir) throws Exception {
        Table iris = Samples.open(Samples.find("iris"));
        TrainedModel model = new Trainer().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(20)),
                TrainingListener.NONE, new StopSignal()).model();
        Path zip = dir.resolve("iris-model.zip");
        ModelFiles.save(model, zip);
        int row = 120;
        String code = JavaSnippet.forModel(model, "iris-model.zip", model.encode(iris)[row]);
        Path src = dir.resolve("PredictOne.java");
        Files.writeString(src, code);

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String cp = System.getProperty("java.class.path");
        int rc = javac.run(null, null, null, "-cp", cp, "-d", dir.toString(), src.toString());
        assertThat(rc).as(code).isZero();

        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", cp + File.pathSeparator + dir, "PredictOne", zip.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        var prediction = model.predict(iris);
        String expected = prediction.predicted()[row];
        int k = model.card().labelNames().indexOf(expected);
        assertThat(last.split(" ")[0]).isEqualTo(expected);
        assertThat(Double.parseDouble(last.split(" ")[1])).isCloseTo(prediction.probabilities()[row][k],
                org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void theImageSnippetReadsAnImageAsModelBenchDoes(@TempDir Path dir) throws Exception {
        Path folder = Samples.unpackImages(Samples.find("digits_images"), dir.resolve("samples"));
        var images = io.modelbench.engine.data.ImageFolders.load(folder, io.modelbench.engine.data.ImageFolders.suggest(folder),
                io.modelbench.engine.api.TaskProgress.NONE);
        var settings = new TrainingSettings(1, 32, 0.002, TrainingSettings.DEFAULT_HIDDEN, 1)
                .withModel(io.modelbench.engine.api.ModelSpec.cnn());
        TrainedModel model = new Trainer().train(images, new TrainingRequest("class", null, java.util.List.of(),
                io.modelbench.engine.api.SplitSettings.defaults(1), settings), TrainingListener.NONE, new StopSignal(), null).model(); // one epoch is enough to compare outputs
        Path zip = dir.resolve("digits.zip");
        ModelFiles.save(model, zip);
        Path src = dir.resolve("PredictImage.java");
        String code = JavaSnippet.forImageModel(model, "digits.zip");
        Files.writeString(src, code);
        String cp = System.getProperty("java.class.path");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", cp, "-d", dir.toString(), src.toString()))
                .as(code).isZero();
        Path image = folder.resolve("4/0004.png");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", cp + File.pathSeparator + dir, "PredictImage", zip.toString(), image.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        var prediction = model.predictImages(List.of(image));
        int k = model.card().labelNames().indexOf(prediction.predicted()[0]);
        assertThat(last.split(" ")[0]).isEqualTo(prediction.predicted()[0]);
        assertThat(Double.parseDouble(last.split(" ")[1])).isCloseTo(prediction.probabilities()[0][k],
                org.assertj.core.api.Assertions.within(1e-5));
    }
}
