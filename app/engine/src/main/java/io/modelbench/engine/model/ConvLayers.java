package io.modelbench.engine.model;

/**
 * How {@link ConvTrainer} runs each of its convolutions but a fused first one ({@link FirstConvPool}): through libnd4j's
 * ops ({@link NativeConv}) or as im2col and products ({@link Im2colConv}). (A native layer's short last mini-batch of a
 * few images through an im2col path of its own was tried: warm, one image took 1.7 ms a step instead of ~3; but its
 * buffers, made for it in each session, and its Java loops, run once an epoch and so rarely compiled, made it cost 3–17 ms
 * in the bench's short sessions.) Not thread-safe: one per trainer.
 */
final class ConvLayers {

    private final ConvTrainerParts.Parts s;
    private final NativeConv[] nat;     // a convolution through libnd4j's ops, or null
    private final Im2colConv[] im2col;  // the others

    /** The paths of the convolutions from layer {@code first} on (the layers before it are fused). */
    ConvLayers(ConvTrainerParts.Parts s, int batch, int chunkFloats, boolean nativeConvs, int first) {
        this.s = s;
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
        if (nat[l] != null) {
            nat[l].forward(x, z, p, s.wOff[l], s.bOff[l], n);
        } else {
            im2col[l].forward(x, z, p, n);
        }
    }

    /** W's and b's gradients of layer l into g from dZ, and (gx not null) dX into gx. */
    void backward(int l, float[] d, float[] g, float[] gx, int n) {
        if (nat[l] != null) {
            nat[l].backward(d, g, s.wOff[l], s.bOff[l], gx, n);
        } else {
            im2col[l].backward(d, g, gx, n);
        }
    }
}
