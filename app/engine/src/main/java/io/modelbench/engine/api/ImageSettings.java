package io.modelbench.engine.api;

import java.util.Locale;

/**
 * How images become model inputs: every image is resized to {@code width}×{@code height} (smooth scaling),
 * made {@code grayscale} (one channel) or RGB (three), and its pixels 0–255 scaled to {@code pixelRange}
 * ("0..1" or "-1..1") by a normalizer that travels in the model zip. {@code augmentation} applies to training
 * batches only.
 */
public record ImageSettings(int width, int height, boolean grayscale, String pixelRange, Augmentation augmentation) {

    public ImageSettings {
        if (width < 4 || width > 512 || height < 4 || height > 512) {
            throw InputException.setting("image size", width + "x" + height, "choose 4 to 512 pixels a side, such as 28x28");
        }
        pixelRange = pixelRange == null || pixelRange.isBlank() ? "0..1" : pixelRange.trim();
        if (!pixelRange.equals("0..1") && !pixelRange.equals("-1..1")) {
            throw InputException.setting("pixel scaling", pixelRange, "use 0..1 or -1..1");
        }
        augmentation = augmentation == null ? Augmentation.NONE : augmentation;
    }

    public static ImageSettings defaults() {
        return new ImageSettings(28, 28, true, "0..1", Augmentation.NONE);
    }

    public int channels() {
        return grayscale ? 1 : 3;
    }

    public InputShape shape() {
        return InputShape.image(height, width, channels());
    }

    public ImageSettings withSize(int w, int h) {
        return new ImageSettings(w, h, grayscale, pixelRange, augmentation);
    }

    public ImageSettings withGrayscale(boolean g) {
        return new ImageSettings(width, height, g, pixelRange, augmentation);
    }

    public ImageSettings withAugmentation(Augmentation a) {
        return new ImageSettings(width, height, grayscale, pixelRange, a);
    }

    /** Parses "28x28" (or "28×28", or "28" for a square). */
    public static int[] parseSize(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('×', 'x');
        try {
            String[] p = t.split("x");
            int w = Integer.parseInt(p[0].trim());
            int h = p.length > 1 ? Integer.parseInt(p[1].trim()) : w;
            if (p.length > 2) {
                throw new NumberFormatException();
            }
            return new int[] {w, h};
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw InputException.setting("image size", text, "give width x height in pixels, such as 28x28");
        }
    }

    /**
     * Random changes to training images, drawn from the seed and the epoch so that a run (and a resumed run)
     * repeats exactly: a left-right flip with probability one half, a shift of up to {@code shiftPixels} in
     * each direction, a rotation of up to {@code rotateDegrees} either way. Uncovered pixels become 0.
     */
    public record Augmentation(boolean flip, int shiftPixels, double rotateDegrees) {
        public static final Augmentation NONE = new Augmentation(false, 0, 0);

        public Augmentation {
            if (shiftPixels < 0 || shiftPixels > 64) {
                throw InputException.setting("augmentation shift", shiftPixels, "choose 0 to 64 pixels");
            }
            if (!(rotateDegrees >= 0 && rotateDegrees <= 180)) {
                throw InputException.setting("augmentation rotation", rotateDegrees, "choose 0 to 180 degrees");
            }
        }

        public boolean any() {
            return flip || shiftPixels > 0 || rotateDegrees > 0;
        }

        /** Parses "flip,shift=2,rotate=10" (any subset; "none" for none). */
        public static Augmentation parse(String text) {
            if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
                return NONE;
            }
            boolean flip = false;
            int shift = 0;
            double rotate = 0;
            for (String part : text.split(",")) {
                String p = part.trim().toLowerCase(Locale.ROOT);
                try {
                    if (p.equals("flip")) {
                        flip = true;
                    } else if (p.startsWith("shift=")) {
                        shift = Integer.parseInt(p.substring(6));
                    } else if (p.startsWith("rotate=")) {
                        rotate = Double.parseDouble(p.substring(7));
                    } else {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw InputException.setting("augmentation", text, "use any of flip, shift=PIXELS, rotate=DEGREES, such as flip,shift=2,rotate=10");
                }
            }
            return new Augmentation(flip, shift, rotate);
        }
    }
}
