package io.modelbench.engine.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A checkpoint's network zip, written fast: the entries {@code ModelSerializer.writeModel(net, file, true)} writes
 * ({@code configuration.json}, {@code coefficients.bin}, {@code updaterState.bin}) with the same bytes inside, read
 * back by {@code ModelSerializer.restoreMultiLayerNetwork} as before, but not compressed, and the floats written in
 * bulk instead of one {@code writeFloat} per element.
 * <p>
 * Why: the checkpoint after the last epoch was a third of a short CNN run. LeNet (431,080 parameters with Adam's
 * state, 5.2 MB of floats): {@code ModelSerializer.writeModel} took 140–160 ms, of which ~35 ms is
 * {@code Nd4j.write}'s per-element loop and the rest deflate (3.8 MB compressed); 40 ms stored uncompressed, ~10 ms
 * with the bulk writes (issue 17, docs/PERFORMANCE.md). A checkpoint is a scratch file rewritten every few epochs; it
 * grows by its compression ratio (LeNet: 5.2 MB instead of 3.8 MB). The model zip a run saves is untouched.
 */
final class CheckpointZip {

    /** Floats per bulk write: 256 KB of big-endian bytes at a time. */
    private static final int CHUNK = 1 << 16;

    private CheckpointZip() {
    }

    /** Writes {@code net} with its updater state to {@code file} (created or replaced). */
    static void write(MultiLayerNetwork net, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(net, out);
        }
    }

    static void write(MultiLayerNetwork net, OutputStream stream) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(stream);
        zip.setLevel(Deflater.NO_COMPRESSION);   // deflate's stored blocks: CRC and streaming kept, no compression
        zip.putNextEntry(new ZipEntry(ModelSerializer.CONFIGURATION_JSON));
        // the default charset, as ModelSerializer writes it and reads it back
        zip.write(net.getLayerWiseConfigurations().toJson().getBytes(Charset.defaultCharset()));
        DataOutputStream dos = new DataOutputStream(new BufferedOutputStream(zip, 1 << 16));
        INDArray params = net.params();
        if (params == null) {   // as ModelSerializer: a network without parameters gets a marker entry instead
            zip.putNextEntry(new ZipEntry(ModelSerializer.NO_PARAMS_MARKER));
        } else {
            zip.putNextEntry(new ZipEntry(ModelSerializer.COEFFICIENTS_BIN));
            writeArray(params, dos);
            dos.flush();
        }
        INDArray updater = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        if (updater != null && updater.length() > 0) {
            zip.putNextEntry(new ZipEntry(ModelSerializer.UPDATER_BIN));
            writeArray(updater, dos);
            dos.flush();
        }
        zip.finish();
    }

    /**
     * The bytes of {@code Nd4j.write(a, out)} (the shape buffer, then the data buffer: its allocation mode, length and
     * type, then each element big-endian), with a float array's elements converted in chunks. Anything else (a view,
     * another data type) goes through {@code Nd4j.write} itself.
     */
    static void writeArray(INDArray a, DataOutputStream out) throws IOException {
        if (a.isView() || a.dataType() != DataType.FLOAT || a.data() == null || a.data().length() != a.length()) {
            Nd4j.write(a, out);
            return;
        }
        a.shapeInfoDataBuffer().write(out);
        var data = a.data();
        out.writeUTF(data.allocationMode().name());
        out.writeLong(data.length());
        out.writeUTF(data.dataType().name());
        FloatBuffer src = data.asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] chunk = new float[(int) Math.min(CHUNK, Math.max(1, data.length()))];
        ByteBuffer bytes = ByteBuffer.allocate(chunk.length * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
        while (src.hasRemaining()) {
            int n = Math.min(chunk.length, src.remaining());
            src.get(chunk, 0, n);
            bytes.clear();
            bytes.asFloatBuffer().put(chunk, 0, n);
            out.write(bytes.array(), 0, n * Float.BYTES);
        }
    }
}
