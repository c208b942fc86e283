package io.modelbench.engine.data;

/**
 * The data a run trains on, one of a closed set of kinds: a profiled table ({@link TableDataset}) or an image
 * folder read into pixels ({@link ImageDataset}), or a table read as time series ({@link SeriesDataset}). Front ends hold a {@code Dataset}
 * instead of an {@code Object} told apart by {@code instanceof}; {@link #accept(Cases)} makes the compiler list every
 * place that must handle a new kind (Java 17 has no exhaustive switch over sealed types yet).
 */
public sealed interface Dataset permits TableDataset, ImageDataset, SeriesDataset {

    /** How the data is named in messages and records: a file or folder path, or {@code sample:ID}. */
    String source();

    /** The SHA-256 of the data's bytes (a table's file, or every image's path and bytes): a run knows its exact data. */
    String sha256();

    /** Rows of a table, readable images of a folder. */
    int size();

    /** One method per kind of data; see {@link #accept(Cases)}. */
    interface Cases<R> {
        R table(TableDataset table);

        R images(ImageDataset images);

        R series(SeriesDataset series);
    }

    /** Calls the case for this kind of data. */
    <R> R accept(Cases<R> cases);

    /**
     * The function for this kind of data: {@code data.map(t -> ..., images -> ..., series -> ...)}. A new kind of data
     * adds a parameter, so every caller is found by the compiler.
     */
    default <R> R map(java.util.function.Function<? super TableDataset, ? extends R> table,
                      java.util.function.Function<? super ImageDataset, ? extends R> images,
                      java.util.function.Function<? super SeriesDataset, ? extends R> series) {
        return accept(new Cases<R>() {
            @Override
            public R table(TableDataset t) {
                return table.apply(t);
            }

            @Override
            public R images(ImageDataset i) {
                return images.apply(i);
            }

            @Override
            public R series(SeriesDataset s) {
                return series.apply(s);
            }
        });
    }
}
