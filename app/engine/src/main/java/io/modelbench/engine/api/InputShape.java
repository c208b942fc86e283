package io.modelbench.engine.api;

/**
 * What a network reads: a vector of {@code width} numbers (tables), or images of {@code height}×{@code width}
 * with {@code channels} channels given as one flat row per image, channel by channel then row by row
 * ({@code index = c·H·W + y·W + x}).
 */
public record InputShape(boolean image, int height, int width, int channels) {

    public static InputShape vector(int n) {
        return new InputShape(false, 1, n, 1);
    }

    public static InputShape image(int height, int width, int channels) {
        return new InputShape(true, height, width, channels);
    }

    /** Numbers per example. */
    public int size() {
        return height * width * channels;
    }

    @Override
    public String toString() {
        return image ? height + "×" + width + "×" + channels : Integer.toString(width);
    }
}
