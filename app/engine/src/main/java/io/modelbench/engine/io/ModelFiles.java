package io.modelbench.engine.io;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.model.TrainedModel;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.dataset.api.preprocessor.Normalizer;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.serializer.NormalizerSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.CRC32;
import java.util.zip.ZipOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Saves and loads models as standard DL4J model zips: {@code ModelSerializer.restoreMultiLayerNetwork} loads
 * them in any DL4J program; the fitted normalizer ({@code normalizer.bin}) and the model card
 * ({@link ModelCard#ZIP_ENTRY}) travel inside. Writes are atomic: a temporary file in the target folder,
 * then a rename, so a crash never leaves a half-written model under the real name; a failed write (a full disk)
 * removes its temporary files, and those a killed run left are removed by the next save of the same file
 * ({@link TempFiles}).
 * Two kinds written by {@code optimize} load here too: fp16 parameters (widened to float32, so every model computes
 * alike) and int8 weights ({@link QuantizedWeights#ZIP_ENTRY} instead of {@code coefficients.bin}: plain DL4J cannot
 * load those).
 */
public final class ModelFiles {

    private ModelFiles() {
    }

    public static void save(TrainedModel model, Path target) {
        save(model, target, null);
    }

    /**
     * As {@link #save(TrainedModel, Path)}; with {@code int8Weights} ({@link QuantizedWeights#write}) those bytes are
     * stored as {@link QuantizedWeights#ZIP_ENTRY} instead of DL4J's float {@code coefficients.bin}.
     */
    public static void save(TrainedModel model, Path target, byte[] int8Weights) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw InputException.file(target, "the folder cannot be created: " + e.getMessage(), "choose a folder you can write to");
        }
        TempFiles.removeStale(dir, target, ".dl4j", ".part"); // left by a run killed while saving here
        Path raw = null;
        Path tmp = null;
        try {
            raw = TempFiles.create(dir, target, ".dl4j");
            tmp = TempFiles.create(dir, target, ".part");
            ModelSerializer.writeModel(model.network(), raw.toFile(), false);
            byte[] card = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(model.card());
            // Rewritten with every entry's size in its local header: DL4J reads models with ZipInputStream
            // and refuses entries whose size is only in a trailing data descriptor.
            try (ZipFile in = new ZipFile(raw.toFile());
                 ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmp))) {
                for (ZipEntry e : Collections.list(in.entries())) {
                    if (int8Weights != null && e.getName().equals("coefficients.bin")) {
                        putStored(out, QuantizedWeights.ZIP_ENTRY, int8Weights);
                        continue;
                    }
                    try (InputStream data = in.getInputStream(e)) {
                        putStored(out, e.getName(), data.readAllBytes());
                    }
                }
                if (model.normalizer() != null) {
                    // the entry DL4J's addNormalizerToModel writes, written here: that method copies the whole model to a
                    // temporary file in java.io.tmpdir (dl4jModelSerializerTemp*.bin), which a kill left behind
                    java.io.ByteArrayOutputStream norm = new java.io.ByteArrayOutputStream();
                    NormalizerSerializer.getDefault().write(model.normalizer(), norm);
                    putStored(out, ModelSerializer.NORMALIZER_BIN, norm.toByteArray());
                }
                putStored(out, ModelCard.ZIP_ENTRY, card);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw InputException.file(target, "the model could not be written: " + e.getMessage(),
                    "check the folder is writable and has free space");
        } finally {
            deleteQuietly(raw);
            deleteQuietly(tmp);
        }
    }

    private static void putStored(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(bytes.length);
        entry.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        entry.setCrc(crc.getValue());
        out.putNextEntry(entry);
        out.write(bytes);
        out.closeEntry();
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: temporary files are hidden and named after the target
            }
        }
    }

    /**
     * What is wrong with a model zip whose network DL4J could not load, in words: DL4J's own messages name
     * {@code EOFException}s and Jackson internals (issue 18), which say nothing to the user.
     */
    public static String networkProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().contains(".jackson.")) { // Jackson's own or ND4J's shaded copy
                return "has a network configuration (configuration.json) that is damaged or not one DL4J can read";
            }
            if (t instanceof java.io.EOFException || t instanceof java.util.zip.ZipException) {
                return "has network weights (coefficients.bin) that are damaged or cut short";
            }
        }
        return "holds a network that could not be loaded (the file is damaged, or not from this version)";
    }

    /** The most a model card may hold: cards of real models are kilobytes (categories and labels are capped). */
    static final int MAX_CARD_BYTES = 32 << 20;

    /** What a card lacks that loading and predicting need, or null when it has it all. */
    private static String cardProblem(ModelCard c) {
        if (c == null) {
            return "it is empty";
        }
        if (c.format() == null || !c.format().startsWith("modelbench-model-card/")) {
            return "no format " + ModelCard.FORMAT;
        }
        if (!"classification".equals(c.task()) && !"regression".equals(c.task())) {
            return "task is neither classification nor regression";
        }
        if (c.inputColumns() == null || c.targetColumn() == null || c.training() == null) {
            return "no inputColumns, targetColumn or training";
        }
        return null;
    }

    /** The entries DL4J reads from a model zip, each into memory whole. */
    private static final java.util.Set<String> DL4J_ENTRIES = java.util.Set.of(ModelSerializer.CONFIGURATION_JSON,
            ModelSerializer.COEFFICIENTS_BIN, ModelSerializer.UPDATER_BIN, ModelSerializer.NORMALIZER_BIN,
            ModelSerializer.PREPROCESSOR_BIN, ModelSerializer.NO_PARAMS_MARKER, QuantizedWeights.ZIP_ENTRY);
    /** The most configuration.json may inflate to: the configuration of 64 layers is a few kilobytes. */
    static final long MAX_CONFIG_BYTES = 16L << 20;
    /** Any other DL4J entry may inflate to this much, whatever the file's size: a small model's weights, with room. */
    static final long MIN_ENTRY_CAP = 256L << 20;
    /**
     * Beyond {@link #MIN_ENTRY_CAP}, an entry may inflate to this many times the file's size: trained weights are
     * floats that deflate to about 90 % (ModelBench stores them uncompressed), while a zip bomb's zeros deflate 1,000:1.
     */
    static final long MAX_INFLATION = 100;
    /** And never to more than this (an array DL4J reads whole). */
    static final long MAX_ENTRY_BYTES = 8L << 30;

    /**
     * Refuses a model zip whose DL4J entries inflate beyond a sane bound before DL4J reads them into memory: a small file
     * whose {@code coefficients.bin} inflates to gigabytes made the loader allocate them (issue 18). Each entry's declared
     * size is checked, then what it actually inflates to, counted while reading through a small buffer, so memory stays
     * bounded whatever the header claims. Public for the checkpoint loader.
     */
    public static void checkEntrySizes(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            long cap = Math.min(MAX_ENTRY_BYTES, Math.max(MIN_ENTRY_CAP, MAX_INFLATION * Files.size(file)));
            byte[] buffer = new byte[1 << 16];
            for (ZipEntry e : Collections.list(zip.entries())) {
                if (!DL4J_ENTRIES.contains(e.getName())) {
                    continue;
                }
                long limit = e.getName().equals(ModelSerializer.CONFIGURATION_JSON) ? MAX_CONFIG_BYTES : cap;
                long n = e.getSize() > limit ? e.getSize() : 0; // a declared size over the bound: refused unread
                try (InputStream in = zip.getInputStream(e)) {
                    for (int k; n <= limit && (k = in.read(buffer)) > 0; ) {
                        n += k;
                    }
                }
                if (n > limit) {
                    throw InputException.file(file, String.format(java.util.Locale.ROOT, "has an entry (%s) that inflates to"
                            + " over %,d MB from a %,d KB file: a decompression bomb, or not a model", e.getName(), limit >> 20,
                            Math.max(1, Files.size(file) >> 10)), "choose a model exported by ModelBench");
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw InputException.file(file, "is not a model zip (a damaged or cut-short zip)", "choose a model exported by ModelBench");
        } catch (IOException e) {
            throw InputException.file(file, "could not be read: " + e.getMessage(), "check the file");
        }
    }

    /** Loads a model zip written by {@link #save}; a clear message when the file is not one. */
    public static TrainedModel load(Path file) {
        if (Files.isDirectory(file)) {
            throw InputException.file(file, "is a folder, not a model file", "give the path of the model .zip inside it");
        }
        if (!Files.isRegularFile(file)) {
            throw InputException.file(file, "the model file does not exist", "check the path to the .zip");
        }
        ModelCard card;
        ZipEntry int8;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry cfg = zip.getEntry("configuration.json");
            ZipEntry cardEntry = zip.getEntry(ModelCard.ZIP_ENTRY);
            int8 = zip.getEntry(QuantizedWeights.ZIP_ENTRY);
            if (cfg == null || (zip.getEntry("coefficients.bin") == null && int8 == null)) {
                throw InputException.file(file, "is a zip but not a DL4J model (no configuration.json/coefficients.bin)",
                        "choose a model exported by ModelBench");
            }
            if (cardEntry == null) {
                throw InputException.file(file, "is a DL4J model without a ModelBench model card",
                        "choose a model exported by ModelBench (it records the input columns it needs)");
            }
            byte[] json;
            try (InputStream in = zip.getInputStream(cardEntry)) {
                // bounded: a card that inflates to 1 GiB was read into memory whole (issue 18)
                json = in.readNBytes(MAX_CARD_BYTES + 1);
            }
            if (json.length > MAX_CARD_BYTES) {
                throw InputException.file(file, "has a model card (" + ModelCard.ZIP_ENTRY + ") over " + (MAX_CARD_BYTES >> 20) + " MB",
                        "choose a model exported by ModelBench");
            }
            try {
                card = Json.mapper().readValue(json, ModelCard.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw InputException.file(file, "has a model card that is not valid (" + ModelCard.ZIP_ENTRY + ", line "
                        + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")", "choose a model exported by ModelBench");
            }
            String missing = cardProblem(card);
            if (missing != null) {
                // valid JSON that is no card ("null", "{}") failed later with a NullPointerException (issue 18)
                throw InputException.file(file, "has a model card that is not valid (" + ModelCard.ZIP_ENTRY + ": " + missing + ")",
                        "choose a model exported by ModelBench");
            }
        } catch (java.util.zip.ZipException e) {
            throw InputException.file(file, "is not a model zip (not a zip, or a damaged or cut-short one)",
                    "choose a model exported by ModelBench");
        } catch (IOException e) {
            throw InputException.file(file, "could not be read: " + e.getMessage(), "check the file");
        }
        checkEntrySizes(file);
        try {
            Pair<MultiLayerNetwork, Normalizer> p = int8 != null ? restoreInt8(file)
                    : ModelSerializer.restoreMultiLayerNetworkAndNormalizer(file.toFile(), false);
            if (p.getFirst().params().dataType() != DataType.FLOAT) {
                // stored as fp16 (optimize --quantize fp16): computed in float32, as every other model
                p = Pair.of(p.getFirst().convertDataType(DataType.FLOAT), p.getSecond());
            }
            boolean scaled = card.preprocessing() == null || !"none".equals(card.preprocessing().normalization());
            if (scaled && !(p.getSecond() instanceof DataNormalization)) {
                throw InputException.file(file, "has no feature normalizer", "choose a model exported by ModelBench");
            }
            return new TrainedModel(p.getFirst(), scaled ? (DataNormalization) p.getSecond() : null, card);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputException ie) {
                throw ie;
            }
            throw InputException.file(file, networkProblem(e), "choose a model exported by ModelBench with this version");
        }
    }

    /** A zip with int8 weights: the network built from its configuration, the weights widened into it. */
    private static Pair<MultiLayerNetwork, Normalizer> restoreInt8(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String json;
            byte[] weights;
            try (InputStream in = zip.getInputStream(zip.getEntry("configuration.json"))) {
                json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            try (InputStream in = zip.getInputStream(zip.getEntry(QuantizedWeights.ZIP_ENTRY))) {
                weights = in.readAllBytes();
            }
            MultiLayerNetwork net = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
            net.init();
            QuantizedWeights.restore(net, weights);
            Normalizer norm = zip.getEntry("normalizer.bin") == null ? null : ModelSerializer.restoreNormalizerFromFile(file.toFile());
            return Pair.of(net, norm);
        }
    }
}
