package io.modelbench.engine.train;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.FloatBuffer;
import java.util.Random;

/**
 * An epoch of augmented images for ModelBench's trainers ({@code ConvTrainer}, or {@code DenseTrainer} for an MLP on
 * images): the training images (after the pixel scaling) flipped,
 * shifted and rotated as {@link Augmenter#apply} does them for DL4J's {@code fit}, the same images in the same order
 * from the same random numbers, written row after row in the epoch's order into arrays the trainer was built on, which
 * then trains them in that order ({@link #fill} returns it: 0, 1, 2, …). Why: augmented images went to DL4J's
 * {@code fit}, ~2× slower than the trainer for the app's CNN template (issue 17). Made before the trainers look at the
 * network (they are built on its arrays); where both decline, its arrays are dropped unused. One per session; not
 * thread-safe.
 */
final class AugmentedEpoch {

    private final FloatBuffer images;  // the training images, scaled, row after row
    private final float[] image;       // one of them, read
    private final float[][] labels;
    private final INDArray features;  // [n, c·h·w]: the epoch's augmented images, in the epoch's order
    private final INDArray targets;   // [n, outputs]: their labels
    private final int[] identity;
    private final InputShape shape;
    private final ImageSettings.Augmentation augmentation;
    private final float fill;

    AugmentedEpoch(DataSet train, InputShape shape, ImageSettings.Augmentation augmentation, float fill) {
        INDArray f = train.getFeatures();
        if (f.isView() || f.ordering() != 'c' || f.dataType() != DataType.FLOAT || f.offset() != 0) {
            f = f.castTo(DataType.FLOAT).dup('c');
        }
        this.images = f.data().asNioFloat();
        this.image = new float[(int) f.size(1)];
        this.labels = train.getLabels().toFloatMatrix();
        this.features = Nd4j.create(DataType.FLOAT, f.size(0), f.size(1));
        this.targets = Nd4j.create(DataType.FLOAT, labels.length, labels.length == 0 ? 0 : labels[0].length);
        this.identity = new int[(int) f.size(0)];
        for (int i = 0; i < identity.length; i++) {
            identity[i] = i;
        }
        this.shape = shape;
        this.augmentation = augmentation;
        this.fill = fill;
    }

    /** The arrays to build the trainer on (their contents change with each {@link #fill}). */
    INDArray features() {
        return features;
    }

    INDArray targets() {
        return targets;
    }

    /**
     * Writes the epoch's augmented images (random numbers from {@code rnd}, as {@link Augmenter#apply} draws them for
     * the batches of {@code order}) and their labels; returns the order to train them in.
     */
    int[] fill(int[] order, Random rnd) {
        FloatBuffer x = features.data().asNioFloat();
        FloatBuffer y = targets.data().asNioFloat();
        int w = image.length;
        int k = labels.length == 0 ? 0 : labels[0].length;
        for (int i = 0; i < order.length; i++) {
            images.get(order[i] * w, image, 0, w);
            x.put(i * w, Augmenter.next(image, shape, augmentation, rnd, fill), 0, w);
            y.put(i * k, labels[order[i]], 0, k);
        }
        return identity;
    }
}
