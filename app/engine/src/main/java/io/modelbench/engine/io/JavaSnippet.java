package io.modelbench.engine.io;

import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.model.TrainedModel;

import java.util.List;
import java.util.Locale;

/**
 * A short, complete Java program that loads an exported model zip with plain DL4J calls and predicts one row:
 * what the "Use this model" panel shows. The example row is given already encoded as model inputs (one-hot
 * categories, missing values filled), in the order of the card's {@code model_inputs}.
 */
public final class JavaSnippet {

    private JavaSnippet() {
    }

    public static String forModel(TrainedModel model, String zipName, float[] exampleInputs) {
        ModelCard card = model.card();
        boolean cls = TaskType.fromId(card.task()) == TaskType.CLASSIFICATION;
        boolean scaled = model.normalizer() != null;
        boolean revert = scaled && model.normalizer().isFitLabel();
        List<String> inputs = card.modelInputs() == null ? card.inputColumns() : card.modelInputs();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < exampleInputs.length; i++) {
            values.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%sf", Float.toString(exampleInputs[i])));
        }
        StringBuilder sb = new StringBuilder();
        sb.append("import java.io.File;\n")
                .append("import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;\n")
                .append("import org.deeplearning4j.util.ModelSerializer;\n")
                .append("import org.nd4j.linalg.api.ndarray.INDArray;\n");
        if (scaled) {
            sb.append("import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;\n");
        }
        sb.append("import org.nd4j.linalg.factory.Nd4j;\n\n")
                .append("/** Loads ").append(zipName).append(" and predicts one row (needs deeplearning4j-nn and nd4j-native ")
                .append(card.versions().getOrDefault("deeplearning4j", "1.0.0-M2.1")).append("). */\n")
                .append("public class PredictOne {\n")
                .append("    public static void main(String[] args) throws Exception {\n")
                .append("        File zip = new File(args.length > 0 ? args[0] : \"").append(zipName).append("\");\n")
                .append("        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zip);\n");
        if (scaled) {
            sb.append("        DataNormalization norm = ModelSerializer.restoreNormalizerFromFile(zip);\n");
        }
        sb.append("        // model inputs in order: ").append(String.join(", ", inputs)).append('\n');
        if (!inputs.equals(card.inputColumns())) {
            sb.append("        // (categorical columns are one-hot: 1 for the row's category; see 'encoding' in modelbench/model-card.json)\n");
        }
        sb.append("        INDArray x = Nd4j.create(new float[][] {{").append(values).append("}});\n");
        if (scaled) {
            sb.append("        norm.transform(x);\n");
        }
        sb.append("        INDArray out = net.output(x);\n");
        if (cls) {
            sb.append("        String[] labels = {");
            for (int i = 0; i < card.labelNames().size(); i++) {
                sb.append(i > 0 ? ", " : "").append('"').append(card.labelNames().get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            sb.append("};\n")
                    .append("        int best = out.argMax(1).getInt(0);\n")
                    .append("        System.out.println(labels[best] + \" \" + out.getDouble(0, best));\n");
        } else {
            if (revert) {
                sb.append("        norm.revertLabels(out);\n");
            }
            sb.append("        System.out.println(out.getDouble(0, 0));\n");
        }
        sb.append("    }\n}\n");
        return sb.toString();
    }

    /**
     * For a model trained on images: a program that reads an image file, resizes it to the model's size, lays its
     * pixels out as the model card says, scales them with the normalizer from the zip and prints the class.
     * Gray images are read from their raster (drawing them onto RGB would change their values).
     */
    public static String forImageModel(TrainedModel model, String zipName) {
        ModelCard card = model.card();
        ModelCard.ImageInput im = card.image();
        int w = im.width();
        int h = im.height();
        boolean gray = im.channels() == 1;
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < card.labelNames().size(); i++) {
            labels.append(i > 0 ? ", " : "").append('"').append(card.labelNames().get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return "import java.awt.Graphics2D;\n"
                + "import java.awt.RenderingHints;\n"
                + "import java.awt.image.BufferedImage;\n"
                + "import java.io.File;\n"
                + "import javax.imageio.ImageIO;\n"
                + "import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;\n"
                + "import org.deeplearning4j.util.ModelSerializer;\n"
                + "import org.nd4j.linalg.api.ndarray.INDArray;\n"
                + "import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;\n"
                + "import org.nd4j.linalg.factory.Nd4j;\n\n"
                + "/** Loads " + zipName + " and classifies one image (needs deeplearning4j-nn and nd4j-native "
                + card.versions().getOrDefault("deeplearning4j", "1.0.0-M2.1") + "). */\n"
                + "public class PredictImage {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        File zip = new File(args.length > 0 ? args[0] : \"" + zipName + "\");\n"
                + "        File file = new File(args.length > 1 ? args[1] : \"image.png\");\n"
                + "        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zip);\n"
                + "        DataNormalization norm = ModelSerializer.restoreNormalizerFromFile(zip);\n"
                + "        int w = " + w + ", h = " + h + ", channels = " + im.channels() + ";\n"
                + "        BufferedImage img = ImageIO.read(file);\n"
                + "        boolean grayFile = img.getType() == BufferedImage.TYPE_BYTE_GRAY;\n"
                + "        if (img.getWidth() != w || img.getHeight() != h) { // ModelBench averages when shrinking; this is close\n"
                + "            BufferedImage scaled = new BufferedImage(w, h, grayFile ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);\n"
                + "            Graphics2D g = scaled.createGraphics();\n"
                + "            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);\n"
                + "            g.drawImage(img, 0, 0, w, h, null);\n"
                + "            g.dispose();\n"
                + "            img = scaled;\n"
                + "        }\n"
                + "        // one row: channel by channel, then row by row (index = c*h*w + y*w + x), values 0-255\n"
                + "        float[] px = new float[channels * h * w];\n"
                + "        for (int y = 0; y < h; y++) {\n"
                + "            for (int x = 0; x < w; x++) {\n"
                + "                int rgb = img.getRGB(x, y);\n"
                + "                float r = (rgb >> 16) & 0xff, gr = (rgb >> 8) & 0xff, b = rgb & 0xff;\n"
                + "                float gray = grayFile ? img.getRaster().getSample(x, y, 0) : 0.299f * r + 0.587f * gr + 0.114f * b;\n"
                + (gray
                ? "                px[y * w + x] = gray;\n"
                : "                px[y * w + x] = grayFile ? gray : r;\n"
                + "                px[h * w + y * w + x] = grayFile ? gray : gr;\n"
                + "                px[2 * h * w + y * w + x] = grayFile ? gray : b;\n")
                + "            }\n"
                + "        }\n"
                + "        INDArray input = Nd4j.create(new float[][] {px});\n"
                + "        norm.transform(input);\n"
                + "        INDArray out = net.output(input);\n"
                + "        String[] labels = {" + labels + "};\n"
                + "        int best = out.argMax(1).getInt(0);\n"
                + "        System.out.println(labels[best] + \" \" + out.getDouble(0, best));\n"
                + "    }\n"
                + "}\n";
    }
}
