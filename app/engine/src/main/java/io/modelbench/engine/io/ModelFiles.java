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
 * then a rename, so a crash never leaves a half-written model under the real name. Two kinds written by
 * {@code optimize} load here too: fp16 parameters (widened to float32, so every model computes alike) and int8 weights
 * ({@link QuantizedWeights#ZIP_ENTRY} instead of {@code coefficients.bin}: plain DL4J cannot load those).
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
        Path raw = null;
        Path tmp = null;
        try {
            raw = Files.createTempFile(dir, "." + target.getFileName() + "-", ".dl4j");
            tmp = Files.createTempFile(dir, "." + target.getFileName() + "-", ".part");
            // writeModel(..., normalizer) fails in M2.1 ("stream is closed"); adding it afterwards works
            ModelSerializer.writeModel(model.network(), raw.toFile(), false);
            if (model.normalizer() != null) {
                ModelSerializer.addNormalizerToModel(raw.toFile(), model.normalizer());
            }
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

    /** The most a model card may hold: cards of real models are kilobytes (categories and labels are capped). */
    static final int MAX_CARD_BYTES = 32 << 20;

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
        } catch (java.util.zip.ZipException e) {
            throw InputException.file(file, "is not a model zip (" + e.getMessage() + ")", "choose a model exported by ModelBench");
        } catch (IOException e) {
            throw InputException.file(file, "could not be read: " + e.getMessage(), "check the file");
        }
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
            throw InputException.file(file, "the network could not be loaded: " + e.getMessage(),
                    "choose a model exported by ModelBench with this version");
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
