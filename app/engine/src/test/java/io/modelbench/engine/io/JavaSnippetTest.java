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

    @Test
    void theForecastSnippetForecastsFromTheDatasLastWindowAsModelBenchDoes(@TempDir Path dir) throws Exception {
        Table table = Samples.open(Samples.find("sunspots"));
        var series = io.modelbench.engine.data.SeriesDataset.of(io.modelbench.engine.data.TableDataset.of(table), "SUNACTIVITY",
                io.modelbench.engine.api.SeriesSettings.of("YEAR", 6, 1));
        TrainedModel model = new Trainer().train(series, new TrainingRequest("SUNACTIVITY", null, List.of(),
                io.modelbench.engine.api.SplitSettings.defaults(42), TrainingSettings.defaults().withEpochs(1)
                .withModel(io.modelbench.engine.api.ModelSpec.lstm(1))), TrainingListener.NONE, new StopSignal(), null).model();
        Path zip = dir.resolve("sunspots-model.zip");
        ModelFiles.save(model, zip);
        String code = io.modelbench.engine.app.Exports.javaSnippet(model, "sunspots-model.zip", series);
        // the file's last six years, 2003-2008, and the forecast for 2009 that predict gives after the data
        assertThat(code).contains("double[][] steps = {{63.7}, {40.4}, {29.8}, {15.2}, {7.5}, {2.9}};")
                .contains("the data's last 6 steps");
        Path src = dir.resolve("Forecast.java");
        Files.writeString(src, code);
        String cp = System.getProperty("java.class.path");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", cp, "-d", dir.toString(), src.toString()))
                .as(code).isZero();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", cp + File.pathSeparator + dir, "Forecast", zip.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        double printed = Double.parseDouble(out.substring(out.lastIndexOf('\n') + 1));
        double expected = io.modelbench.engine.app.WindowForecasts.forecast(model,
                new double[][] {{63.7}, {40.4}, {29.8}, {15.2}, {7.5}, {2.9}}).value();
        assertThat(printed).isCloseTo(expected, org.assertj.core.api.Assertions.within(1e-4));
        // values beyond an int literal, and names that would end a comment or a string: the program still compiles
        String odd = JavaSnippet.forForecaster(model, "a \"b\" */ c.zip", new double[][] {{3e9}, {-4e12}, {2.5}, {7}, {1e-7}, {0}},
                "the data's last 6 steps\nof series 'x */'");
        assertThat(odd).contains("{3.0E9}, {-4.0E12}, {2.5}, {7}, {1.0E-7}, {0}");
        Path oddSrc = dir.resolve("odd").resolve("Forecast.java");
        Files.createDirectories(oddSrc.getParent());
        Files.writeString(oddSrc, odd);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", cp, "-d", dir.resolve("odd").toString(),
                oddSrc.toString())).as(odd).isZero();
        // a model whose data is not at hand: zeros, and the comment says to put the real values there
        assertThat(io.modelbench.engine.app.Exports.javaSnippet(model, "sunspots-model.zip", null))
                .contains("zeros here, put the real values").contains("{0}, {0}, {0}, {0}, {0}, {0}");
    }

    /**
     * A sequence classifier's snippet lays the sequence out [1, channels, steps] (it was a flat row, which the LSTM
     * refused), with the features mask for a sequence shorter than the longest: the first sequence has 5 of 12 steps.
     */
    @Test
    void theSequenceSnippetClassifiesAShortSequenceAsModelBenchDoes(@TempDir Path dir) throws Exception {
        java.util.Random r = new java.util.Random(3);
        List<String[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 80; i++) {
            boolean up = r.nextBoolean();
            int len = i == 0 ? 5 : i == 1 ? 12 : 4 + r.nextInt(9);
            for (int k = 0; k < len; k++) {
                rows.add(new String[] {"s" + i, Integer.toString(k), Double.toString((up ? 0.3 : -0.3) * k + r.nextGaussian() * 0.5),
                    Double.toString(r.nextGaussian()), up ? "up" : "down"});
            }
        }
        Table table = new Table("motions.csv", List.of("id", "t", "a", "b", "label"), rows,
                java.util.stream.LongStream.range(2, rows.size() + 2L).toArray(), null);
        var data = io.modelbench.engine.app.Datasets.sequences(table, "id", "t", "label", List.of());
        TrainedModel model = new Trainer().train(data, TrainingRequest.of("label", TrainingSettings.defaults().withEpochs(2)
                .withModel(io.modelbench.engine.api.ModelSpec.lstm(1))), TrainingListener.NONE, new StopSignal(), null).model();
        Path zip = dir.resolve("motions-model.zip");
        ModelFiles.save(model, zip);
        String code = io.modelbench.engine.app.Exports.javaSnippet(model, "motions-model.zip", data);
        assertThat(code).contains("int channels = 2, steps = 12, length = 5;").contains("net.output(input, false, mask, null)");
        Path src = dir.resolve("PredictSequence.java");
        Files.writeString(src, code);
        String cp = System.getProperty("java.class.path");
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", cp, "-d", dir.toString(), src.toString()))
                .as(code).isZero();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", cp + File.pathSeparator + dir, "PredictSequence", zip.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String last = out.substring(out.lastIndexOf('\n') + 1);
        var prediction = model.predict(data.table());
        int k = model.card().labelNames().indexOf(prediction.predicted()[0]);
        assertThat(last.split(" ")[0]).isEqualTo(prediction.predicted()[0]);
        assertThat(Double.parseDouble(last.split(" ")[1])).isCloseTo(prediction.probabilities()[0][k],
                org.assertj.core.api.Assertions.within(1e-5));
    }
}
