package io.modelbench.engine.api;

/**
 * What a network reads: a vector of {@code width} numbers (tables), images of {@code height}×{@code width}
 * with {@code channels} channels given as one flat row per image, channel by channel then row by row
 * ({@code index = c·H·W + y·W + x}), or a sequence of {@code width} time steps of {@code channels} numbers each, one
 * flat row per window, channel by channel then step by step ({@code index = c·W + t}, DL4J's [channels, time]).
 */
public record InputShape(boolean image, int height, int width, int channels, boolean sequence) {

    /** A vector or an image. */
    public InputShape(boolean image, int height, int width, int channels) {
        this(image, height, width, channels, false);
    }

    public static InputShape vector(int n) {
        return new InputShape(false, 1, n, 1);
    }

    public static InputShape image(int height, int width, int channels) {
        return new InputShape(true, height, width, channels);
    }

    /** A window of {@code steps} time steps with {@code channels} numbers each. */
    public static InputShape sequence(int channels, int steps) {
        return new InputShape(false, 1, steps, channels, true);
    }

    /** Numbers per example. */
    public int size() {
        return height * width * channels;
    }

    @Override
    public String toString() {
        return image ? height + "×" + width + "×" + channels : sequence ? channels + "×" + width : Integer.toString(width);
    }
}
