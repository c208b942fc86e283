package io.modelbench.engine.model;

/**
 * How {@link ConvTrainer} runs each of its convolutions but a fused first one ({@link FirstConvPool}): through libnd4j's
 * ops ({@link NativeConv}) or as im2col and products ({@link Im2colConv}); a native layer's mini-batches of at most
 * {@link #FEW} images go through an im2col path of their own, made when first needed: an epoch's short last mini-batch
 * of one image cost the native ops ~3.6 ms (LeNet's second layer: 2.2 forward, 1.4 backward; the op's arrays are views
 * made for that size, and oneDNN prepares its kernels for each new shape) where im2col and products take ~0.1. Both
 * passes of a step take the same path. Not thread-safe: one per trainer.
 */
final class ConvLayers {

    /** A mini-batch of at most this many images goes through im2col even where a layer is native. */
    static final int FEW = 8;

    private final ConvTrainerParts.Parts s;
    private final NativeConv[] nat;     // a convolution through libnd4j's ops, or null
    private final Im2colConv[] im2col;  // the others, and a native layer's path for a few images (made when needed)
    private final int chunkFloats;

    /** The paths of the convolutions from layer {@code first} on (the layers before it are fused). */
    ConvLayers(ConvTrainerParts.Parts s, int batch, int chunkFloats, boolean nativeConvs, int first) {
        this.s = s;
        this.chunkFloats = chunkFloats;
        int layers = s.kind.length;
        nat = new NativeConv[layers];
        im2col = new Im2colConv[layers];
        for (int l = first; l < layers; l++) {
            nat[l] = nativeConvs ? NativeConv.of(s, l, batch) : null;
            if (s.kind[l] == ConvTrainerParts.CONV && nat[l] == null) {
                im2col[l] = new Im2colConv(s, l, batch, chunkFloats);
            }
        }
    }

    /** Whether some convolution runs through libnd4j's ops (it reads W and b from p, as the trainer's Java loops do). */
    boolean anyNative() {
        for (NativeConv c : nat) {
            if (c != null) {
                return true;
            }
        }
        return false;
    }

    /** z [nOut, n, oh, ow] = conv(x) + b of layer l. */
    void forward(int l, float[] x, float[] z, float[] p, int n) {
        if (nat[l] != null && n > FEW) {
            nat[l].forward(x, z, p, s.wOff[l], s.bOff[l], n);
        } else {
            im2col(l).forward(x, z, p, n);
        }
    }

    /** W's and b's gradients of layer l into g from dZ, and (gx not null) dX into gx. */
    void backward(int l, float[] d, float[] g, float[] gx, int n) {
        if (nat[l] != null && n > FEW) {
            nat[l].backward(d, g, s.wOff[l], s.bOff[l], gx, n);
        } else {
            im2col(l).backward(d, g, gx, n);
        }
    }

    private Im2colConv im2col(int l) {
        if (im2col[l] == null) {
            im2col[l] = new Im2colConv(s, l, FEW, chunkFloats);
        }
        return im2col[l];
    }
}
