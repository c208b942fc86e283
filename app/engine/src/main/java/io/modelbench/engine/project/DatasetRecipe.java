package io.modelbench.engine.project;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.SeriesSettings;

import java.util.List;

/**
 * How a project's data is made: where it comes from ({@code source}: a file or folder path, or
 * {@code sample:ID}), the content hash it had ({@code sha256}, so that a change is noticed), and how it is
 * prepared — target column, columns left out and preparation for a table ({@code kind} "table"), or image
 * settings for a folder of images ({@code kind} "images"). {@code series}: the table read as a time series with
 * these settings (time column, id column, window, horizon, stride, covariates, missing steps, period; issue 15), or
 * null for a plain table (and in projects saved before series were remembered). {@code sequences}: the table read as
 * labelled sequences to classify (one row per time step, {@code train --sequence-id}), or null (and in projects saved
 * before the app could classify sequences).
 */
public record DatasetRecipe(String kind, String source, String sha256, String targetColumn, List<String> ignoredColumns,
                            PreparationSettings preparation, ImageSettings images, SeriesSettings series, Sequences sequences) {

    /** How a long table is read as sequences: the column naming each row's sequence, and the one ordering its steps (or null). */
    public record Sequences(String idColumn, String timeColumn) {
    }

    public DatasetRecipe {
        ignoredColumns = ignoredColumns == null ? List.of() : List.copyOf(ignoredColumns);
    }

    /** A table or image recipe without a series. */
    public DatasetRecipe(String kind, String source, String sha256, String targetColumn, List<String> ignoredColumns,
                         PreparationSettings preparation, ImageSettings images) {
        this(kind, source, sha256, targetColumn, ignoredColumns, preparation, images, null, null);
    }

    /** A table recipe, maybe read as a series, without sequences. */
    public DatasetRecipe(String kind, String source, String sha256, String targetColumn, List<String> ignoredColumns,
                         PreparationSettings preparation, ImageSettings images, SeriesSettings series) {
        this(kind, source, sha256, targetColumn, ignoredColumns, preparation, images, series, null);
    }

    public boolean forImages() {
        return "images".equals(kind);
    }

    public boolean fromSample() {
        return source != null && source.regionMatches(true, 0, "sample:", 0, 7);
    }
}
