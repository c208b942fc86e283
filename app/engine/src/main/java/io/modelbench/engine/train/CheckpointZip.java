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
 * grows by its compression ratio (LeNet: 5.2 MB instead of 3.8 MB). The model zip a run saves is untouched. The
 * entries are STORED, their CRC computed first (see {@link Stored}): LeNet's checkpoint alone 5–8 → 3.6–5 ms.
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
        // the default charset, as ModelSerializer writes it and reads it back
        byte[] json = net.getLayerWiseConfigurations().toJson().getBytes(Charset.defaultCharset());
        Stored config = new Stored(json, null);
        config.write(zip, ModelSerializer.CONFIGURATION_JSON);
        INDArray params = net.params();
        if (params == null) {   // as ModelSerializer: a network without parameters gets a marker entry instead
            zip.putNextEntry(new ZipEntry(ModelSerializer.NO_PARAMS_MARKER));
        } else {
            Stored.of(params).write(zip, ModelSerializer.COEFFICIENTS_BIN);
        }
        INDArray updater = net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        if (updater != null && updater.length() > 0) {
            Stored.of(updater).write(zip, ModelSerializer.UPDATER_BIN);
        }
        zip.finish();
    }

    /**
     * The bytes of {@code Nd4j.write(a, out)} (the shape buffer, then the data buffer: its allocation mode, length and
     * type, then each element big-endian), with a float array's elements converted in chunks. Anything else (a view,
     * another data type) goes through {@code Nd4j.write} itself.
     */
    static void writeArray(INDArray a, DataOutputStream out) throws IOException {
        Stored.of(a).writeTo(out);
    }

    /**
     * One entry's bytes, written STORED (sizes and CRC in the entry's header, the bytes passed straight through): a head
     * in memory, then a float array's elements turned big-endian 256 KB at a time, twice (once for the CRC, once to
     * write), straight from the array's native memory. Deflate at level 0 cost more: it passes the bytes through zlib
     * in 512-byte pieces.
     */
    private record Stored(byte[] head, FloatBuffer floats) {

        static Stored of(INDArray a) throws IOException {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            DataOutputStream d = new DataOutputStream(bytes);
            if (a.isView() || a.dataType() != DataType.FLOAT || a.data() == null || a.data().length() != a.length()) {
                Nd4j.write(a, d);
                d.flush();
                return new Stored(bytes.toByteArray(), null);
            }
            a.shapeInfoDataBuffer().write(d);
            var data = a.data();
            d.writeUTF(data.allocationMode().name());
            d.writeLong(data.length());
            d.writeUTF(data.dataType().name());
            d.flush();
            return new Stored(bytes.toByteArray(), data.asNio().order(ByteOrder.nativeOrder()).asFloatBuffer());
        }

        void write(ZipOutputStream zip, String name) throws IOException {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(head);
            long size = head.length + (floats == null ? 0L : 4L * floats.capacity());
            if (floats != null) {
                bigEndian((b, n) -> crc.update(b, 0, n));
            }
            ZipEntry e = new ZipEntry(name);
            e.setMethod(ZipEntry.STORED);
            e.setSize(size);
            e.setCompressedSize(size);
            e.setCrc(crc.getValue());
            zip.putNextEntry(e);
            writeTo(zip);
            zip.closeEntry();
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(head);
            if (floats != null) {
                bigEndian((b, n) -> out.write(b, 0, n));
            }
        }

        private interface Chunk {
            void take(byte[] bytes, int n) throws IOException;
        }

        private void bigEndian(Chunk chunk) throws IOException {
            byte[] b = new byte[Math.min(CHUNK, Math.max(1, floats.capacity())) * Float.BYTES];
            FloatBuffer view = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN).asFloatBuffer();
            for (int at = 0; at < floats.capacity(); at += CHUNK) {
                int n = Math.min(CHUNK, floats.capacity() - at);
                view.clear();
                view.put(floats.duplicate().position(at).limit(at + n));
                chunk.take(b, n * Float.BYTES);
            }
        }
    }
}
