package io.modelbench.engine.train;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputShape;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

/**
 * Random flips, shifts and rotations of training images, batch by batch, drawn from one {@link Random} per
 * epoch (seeded from the run's seed and the epoch) so that a run and a resumed run see the same images.
 * Nearest-neighbour sampling; pixels that come from outside the image get {@code fill} (black).
 */
final class Augmenter {

    private Augmenter() {
    }

    static void apply(List<DataSet> batches, InputShape shape, ImageSettings.Augmentation a, Random rnd, float fill) {
        for (DataSet b : batches) {
            float[][] rows = b.getFeatures().toFloatMatrix();
            for (int i = 0; i < rows.length; i++) {
                rows[i] = next(rows[i], shape, a, rnd, fill);
            }
            b.setFeatures(Nd4j.create(rows));
        }
    }

    /**
     * The next image of an epoch's sequence: its flip, shifts and angle drawn from {@code rnd} (always in this order, so
     * that the images of an epoch come out the same whether they go through {@link #apply} batch by batch or one by one
     * in the epoch's order, as {@link AugmentedEpoch} takes them), then {@link #transform}.
     */
    static float[] next(float[] px, InputShape shape, ImageSettings.Augmentation a, Random rnd, float fill) {
        boolean flip = rnd.nextBoolean() && a.flip();
        int dx = a.shiftPixels() == 0 ? 0 : rnd.nextInt(2 * a.shiftPixels() + 1) - a.shiftPixels();
        int dy = a.shiftPixels() == 0 ? 0 : rnd.nextInt(2 * a.shiftPixels() + 1) - a.shiftPixels();
        double angle = Math.toRadians(a.rotateDegrees() * (2 * rnd.nextDouble() - 1));
        return transform(px, shape, flip, dx, dy, angle, fill);
    }

    /** The image moved by (dx, dy), rotated by {@code angle} about its centre, then mirrored left-right if {@code flip}. */
    static float[] transform(float[] px, InputShape s, boolean flip, int dx, int dy, double angle, float fill) {
        int h = s.height();
        int w = s.width();
        float[] out = new float[px.length];
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double ox = flip ? w - 1 - x : x;
                double u = ox - cx - dx;
                double v = y - cy - dy;
                int sx = (int) Math.round(cos * u + sin * v + cx);
                int sy = (int) Math.round(-sin * u + cos * v + cy);
                boolean inside = sx >= 0 && sx < w && sy >= 0 && sy < h;
                for (int c = 0; c < s.channels(); c++) {
                    out[c * h * w + y * w + x] = inside ? px[c * h * w + sy * w + sx] : fill;
                }
            }
        }
        return out;
    }
}
