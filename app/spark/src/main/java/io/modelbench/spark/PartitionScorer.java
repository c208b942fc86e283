package io.modelbench.spark;

import io.modelbench.engine.app.Exports;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.model.TrainedModel;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Scores one partition of a table file on an executor: its lines (with their 0-based index in the file) become
 * tables of at most {@link #CHUNK_ROWS} rows, each predicted with {@link Exports#predict(TrainedModel, Table)} and
 * written with {@link Exports#writePredictions}, the functions the CLI's {@code predict} uses, so every output row is
 * the CLI's row. The partition's text is one CSV: the header once, then its rows in file order. Chunks keep an
 * executor's memory bounded whatever the partition's size.
 */
final class PartitionScorer implements FlatMapFunction<Iterator<Tuple2<String, Long>>, String> {

    private static final long serialVersionUID = 1L;

    /** Rows per engine call: large enough that the network runs full batches, small enough to keep text chunks ~1-2 MB. */
    static final int CHUNK_ROWS = 8192;

    private final Broadcast<byte[]> model;
    private final CsvLines csv;
    private final LongAccumulator rowsScored;

    PartitionScorer(Broadcast<byte[]> model, CsvLines csv, LongAccumulator rowsScored) {
        this.model = model;
        this.csv = csv;
        this.rowsScored = rowsScored;
    }

    @Override
    public Iterator<String> call(Iterator<Tuple2<String, Long>> lines) {
        TrainedModel m = ModelCache.get(model.value());
        return new Iterator<>() {
            private String next;
            private boolean first = true;
            private String header;

            @Override
            public boolean hasNext() {
                while (next == null && lines.hasNext()) {
                    next = chunk();
                }
                return next != null;
            }

            @Override
            public String next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                String s = next;
                next = null;
                return s;
            }

            /** The CSV text of the next chunk (header only before the partition's first rows), or null for a chunk of skipped lines. */
            private String chunk() {
                List<String[]> rows = new ArrayList<>();
                List<Long> lineNumbers = new ArrayList<>();
                while (rows.size() < CHUNK_ROWS && lines.hasNext()) {
                    Tuple2<String, Long> l = lines.next();
                    long line = l._2() + 1;
                    if (line == 1) {
                        continue;   // the header
                    }
                    String[] cells = csv.row(l._1(), line);
                    if (cells != null) {
                        rows.add(cells);
                        lineNumbers.add(line);
                    }
                }
                if (rows.isEmpty()) {
                    return null;
                }
                String text = write(m, table(rows, lineNumbers));
                rowsScored.add(rows.size());
                if (first) {
                    first = false;
                    return trimEnd(text);
                }
                if (header == null) {
                    header = write(m, table(List.of(), List.of()));
                }
                if (!text.startsWith(header)) {
                    throw new IllegalStateException("a chunk's header differs from the partition's header");
                }
                return trimEnd(text.substring(header.length()));
            }
        };
    }

    private Table table(List<String[]> rows, List<Long> lineNumbers) {
        long[] lines = lineNumbers.stream().mapToLong(Long::longValue).toArray();
        return new Table(csv.source(), csv.header(), rows, lines, null);
    }

    /** The CLI's CSV for these rows: the rows' columns, prediction, then p_&lt;label&gt; per class. */
    static String write(TrainedModel m, Table rows) {
        StringWriter w = new StringWriter();
        try {
            Exports.writePredictions(Exports.predict(m, rows), w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** saveAsTextFile ends every element with a line break: the element's own last one is dropped. */
    private static String trimEnd(String text) {
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
