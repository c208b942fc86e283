package io.modelbench.spark;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.io.Json;
import org.apache.spark.api.java.JavaSparkContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code predict}: a saved model's predictions for every row of a large table file, one CSV part file per partition in
 * {@code --out}, each with the columns of the CLI's {@code predict} (the input's columns, {@code prediction}, then
 * {@code p_<label>} per class) and its rows in file order; concatenated without their headers the parts are the CLI's
 * output row for row. The last stdout line is {@code {"predictions": DIR, "rows": N, "parts": P, "seconds": T}}.
 */
@Command(name = "predict",
        mixinStandardHelpOptions = true,
        description = {"Predict every row of a table file with a saved model, partition by partition.",
                "Writes DIR/part-NNNNN files: CSV with the input columns, then 'prediction', then one 'p_<label>' per class."},
        sortOptions = false)
final class PredictJob implements Callable<Integer> {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[2], spark://host:7077, yarn... (default: the one spark-submit sets).")
    String master;

    @Option(names = "--model", required = true, paramLabel = "MODEL.zip",
            description = "A model saved by ModelBench (read on the driver and broadcast to the executors).")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "A UTF-8 CSV file with the model's input columns, at a path every executor can read (local, hdfs://, s3a://...).")
    String data;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new folder for the part files (must not exist).")
    String out;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "At least this many partitions (default: Spark's split of the file).")
    int partitions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        if (!Files.isRegularFile(model)) {
            throw InputException.file(model, "does not exist", "give a model zip saved by ModelBench");
        }
        Jobs.checkInput(data, "--data");
        if (Jobs.isLocal(out) && Files.exists(Jobs.localPath(out, "--out"))) {
            throw InputException.file(out, "already exists", "give a new folder for the part files");
        }
        if (partitions < 0) {
            throw InputException.setting("--partitions", partitions, "give 1 or more, or leave it out");
        }
        byte[] zip = Files.readAllBytes(model);
        io.modelbench.engine.model.TrainedModel m = ModelCache.get(model, zip);   // a bad zip fails here, before Spark starts
        if (Jobs.isLocal(data)) {
            SparkScoring.check(m, data, Jobs.localHead(data, SparkScoring.CHECK_ROWS + 1));   // so does a model that does not fit
        }
        try (JavaSparkContext sc = Jobs.context(master, "ModelBench predict")) {
            SparkScoring.Scored s = SparkScoring.score(sc, m, zip, data, out, partitions);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("predictions", Jobs.isLocal(out) ? Jobs.localPath(out, "--out").toAbsolutePath().normalize().toString() : out);
            result.put("rows", s.rows());
            result.put("parts", s.parts());
            result.put("seconds", Math.round((System.nanoTime() - start) / 1e7) / 100.0);
            spec.commandLine().getOut().println(Json.mapper().writeValueAsString(result));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
