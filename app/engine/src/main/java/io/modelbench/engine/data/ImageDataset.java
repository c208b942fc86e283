package io.modelbench.engine.data;

import io.modelbench.engine.api.ImageSettings;

import java.nio.file.Path;
import java.util.List;

/**
 * An image folder read into numbers: the class names (the subfolders, sorted), every readable image with
 * its class, the files that were skipped and why, and one row of raw pixels (0–255, channel by channel then
 * row by row) per image. {@code sha256} covers every file's relative path and bytes, so a run can tell when
 * the folder changed.
 */
public record ImageDataset(Path folder, String source, List<String> labels, List<Item> items, List<Skipped> skipped,
                           float[][] pixels, ImageSettings settings, String sha256) implements Dataset {

    /** A readable image: its file, and its class as an index into {@code labels}. */
    public record Item(Path file, int label) {
    }

    /** A file left out, with the reason in words. */
    public record Skipped(Path file, String reason) {
    }

    public ImageDataset {
        labels = List.copyOf(labels);
        items = List.copyOf(items);
        skipped = List.copyOf(skipped);
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public <R> R accept(Cases<R> cases) {
        return cases.images(this);
    }

    public int[] classes() {
        return items.stream().mapToInt(Item::label).toArray();
    }

    /** Images per class, in {@code labels} order. */
    public int[] classCounts() {
        int[] counts = new int[labels.size()];
        for (Item i : items) {
            counts[i.label()]++;
        }
        return counts;
    }

    /** The file's path relative to the folder, with forward slashes (as shown and recorded). */
    public String relative(Path file) {
        return folder.relativize(file).toString().replace('\\', '/');
    }
}
