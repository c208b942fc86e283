package io.modelbench.spark;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.model.TrainedModel;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The scoring job on the driver: checks the model against the file's header and first rows (so a model that does not
 * fit the data fails in one line before any task runs), broadcasts the model zip's bytes, scores the file partition by
 * partition ({@link PartitionScorer}) and writes one CSV part file per partition through Hadoop's output committer
 * (a job that fails leaves no part files in {@code out}).
 */
final class SparkScoring {

    /** Rows of the file's head predicted on the driver before the job starts. */
    static final int CHECK_ROWS = 100;

    /** What a scoring job wrote. */
    record Scored(String out, long rows, int parts) {
    }

    private SparkScoring() {
    }

    /**
     * Scores {@code data} (a path every executor can read: local in local mode, else HDFS, S3 or a shared mount) with
     * {@code model}, whose zip bytes are {@code zip} (the executors load them once per JVM); writes {@code out}/part-NNNNN (CSV with a header each).
     */
    static Scored score(JavaSparkContext sc, TrainedModel model, byte[] zip, String data, String out, int minPartitions) {
        JavaRDD<String> text = sc.textFile(data, minPartitions > 0 ? minPartitions : sc.defaultMinPartitions());
        CsvLines csv = check(model, data, Jobs.readable(data, () -> text.take(CHECK_ROWS + 1)));
        Broadcast<byte[]> shared = sc.broadcast(zip);
        JavaPairRDD<String, Long> lines = text.zipWithIndex();
        // counted in the result stage, whose updates Spark applies once per partition (retries and speculation included)
        LongAccumulator rows = sc.sc().longAccumulator("rows scored");
        JavaRDD<String> scored = lines.mapPartitions(new PartitionScorer(shared, csv, rows));
        scored.saveAsTextFile(out);
        shared.destroy();
        return new Scored(out, rows.value(), scored.getNumPartitions());
    }

    /**
     * The file's header and the model predicting its first rows on the driver ({@code head}: the file's first lines, at
     * least {@link #CHECK_ROWS} + 1 where it has them): a model that does not fit the data, a missing column or an
     * unreadable value fails here in one line naming it as the CLI names it. For a local file this runs before Spark starts.
     */
    static CsvLines check(TrainedModel model, String data, List<String> head) {
        if (model.readsImages()) {
            throw InputException.general("this model was trained on images; Spark scoring reads table files",
                    "score images with the command line's predict");
        }
        if (model.forecasts()) {
            throw InputException.general("this is a forecasting model: its predictions need the whole series in order, not partitions",
                    "forecast with the command line's predict");
        }
        if (model.card().sequence() != null) {
            // a partition or chunk boundary would cut a sequence in two, each part classified on its own
            throw InputException.general("this model classifies sequences ('" + model.card().sequence().idColumn()
                    + "' names them): a sequence's rows must stay together, which partitions of the file do not guarantee",
                    "classify them with the command line's predict");
        }
        if (head.isEmpty()) {
            throw InputException.file(data, "the file is empty", "choose a table with a header row and data rows");
        }
        CsvLines csv = CsvLines.fromHeader(data, head.get(0));
        List<String[]> rows = new ArrayList<>();
        List<Long> lines = new ArrayList<>();
        for (int i = 1; i < head.size(); i++) {
            String[] cells = csv.row(head.get(i), i + 1);
            if (cells != null) {
                rows.add(cells);
                lines.add((long) i + 1);
            }
        }
        if (rows.isEmpty()) {
            throw InputException.file(csv.source(), "has a header but no data rows", "add data rows below the header");
        }
        Table t = new Table(csv.source(), csv.header(), rows, lines.stream().mapToLong(Long::longValue).toArray(), null);
        PartitionScorer.write(model, t);
        return csv;
    }
}
