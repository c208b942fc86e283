package io.modelbench.engine.project;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.PreparationSettings;

import java.util.List;

/**
 * How a project's data is made: where it comes from ({@code source}: a file or folder path, or
 * {@code sample:ID}), the content hash it had ({@code sha256}, so that a change is noticed), and how it is
 * prepared — target column, columns left out and preparation for a table ({@code kind} "table"), or image
 * settings for a folder of images ({@code kind} "images").
 */
public record DatasetRecipe(String kind, String source, String sha256, String targetColumn, List<String> ignoredColumns,
                            PreparationSettings preparation, ImageSettings images) {

    public DatasetRecipe {
        ignoredColumns = ignoredColumns == null ? List.of() : List.copyOf(ignoredColumns);
    }

    public boolean forImages() {
        return "images".equals(kind);
    }

    public boolean fromSample() {
        return source != null && source.regionMatches(true, 0, "sample:", 0, 7);
    }
}
