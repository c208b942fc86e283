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
        StringBuilder sb = start(card, zipName, scaled, false, "predicts one row", "PredictOne");
        sb.append("        // model inputs in order: ").append(comment(String.join(", ", inputs))).append('\n');
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
                sb.append(i > 0 ? ", " : "").append('"').append(literal(card.labelNames().get(i))).append('"');
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
     * For a forecasting model: a program that forecasts from a window of past values — {@code steps[k][c]}, channel c
     * (the target, then the covariates) at the k-th of the last {@code window} steps, oldest first, in the data's units —
     * turned into the network's input as ModelBench does ({@code WindowForecasts}): the target relative to the window's
     * last value, laid out [1, channels, window], the normalizer, the network, the output reverted and the last value
     * added back. {@code steps} null: zeros, and the comment says to put the real values there; {@code where} says where
     * the given values come from (e.g. "the data's last 12 steps").
     */
    public static String forForecaster(TrainedModel model, String zipName, double[][] steps, String where) {
        ModelCard card = model.card();
        ModelCard.SeriesInput s = card.series();
        int w = s.window();
        List<String> channels = s.channels();
        boolean scaled = model.normalizer() != null;
        boolean revert = scaled && model.normalizer().isFitLabel();
        StringBuilder values = new StringBuilder();
        for (int k = 0; k < w; k++) {
            values.append(k == 0 ? "" : k % 6 == 0 ? ",\n            " : ", ").append('{');
            for (int c = 0; c < channels.size(); c++) {
                values.append(c == 0 ? "" : ", ").append(steps == null ? "0" : plain(steps[k][c]));
            }
            values.append('}');
        }
        String step = s.step() == null ? "" : " (one every " + s.step() + ")";
        StringBuilder sb = start(card, zipName, scaled, true, "forecasts " + comment(card.targetColumn()) + " " + s.horizon()
                + (s.horizon() == 1 ? " step" : " steps") + " after a window of " + w, "Forecast");
        sb.append("        // the last ").append(w).append(" steps").append(step).append(", oldest first, each {")
                .append(comment(String.join(", ", channels))).append("}: ")
                .append(steps == null ? "zeros here, put the real values" : comment(where)).append('\n')
                .append("        double[][] steps = {").append(values).append("};\n")
                .append("        int window = ").append(w).append(", channels = ").append(channels.size()).append(";\n")
                .append("        double last = steps[window - 1][0];\n")
                .append("        // [1, channels, window]: ").append(comment(channels.get(0)))
                .append(" relative to its last value").append(channels.size() > 1 ? ", the others as they are" : "").append('\n')
                .append("        float[] x = new float[channels * window];\n")
                .append("        for (int c = 0; c < channels; c++) {\n")
                .append("            for (int k = 0; k < window; k++) {\n")
                .append("                x[c * window + k] = (float) (c == 0 ? steps[k][c] - last : steps[k][c]);\n")
                .append("            }\n")
                .append("        }\n")
                .append("        INDArray input = Nd4j.create(x, new long[] {1, channels, window}, 'c');\n");
        if (scaled) {
            sb.append("        norm.transform(input);\n");
        }
        sb.append("        INDArray out = net.output(input);\n")
                .append("        if (out.rank() == 3) {   // a network that answers every step: its last one\n")
                .append("            out = out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(out.size(2) - 1));\n")
                .append("        }\n");
        if (revert) {
            sb.append("        norm.revertLabels(out);\n");
        }
        sb.append("        // the network predicts the change from the window's last value\n")
                .append("        System.out.println(last + out.getDouble(0, 0));\n")
                .append("    }\n}\n");
        return sb.toString();
    }

    /**
     * For a sequence classifier: a program that classifies one sequence ({@code exampleInputs}: the model's inputs
     * {@code channel@k}, channel by channel, oldest step first, NaN for the steps a shorter sequence lacks), laid out
     * [1, channels, steps] as ModelBench does, with DL4J's features mask when the sequence is shorter than the steps
     * the model reads (its padding is zeros the mask hides).
     */
    public static String forSequenceModel(TrainedModel model, String zipName, float[] exampleInputs) {
        ModelCard card = model.card();
        ModelCard.SequenceInput q = card.sequence();
        int steps = q.steps();
        int channels = q.channels().size();
        int length = 0;
        for (int k = 0; k < steps; k++) {
            boolean known = false;
            for (int c = 0; c < channels; c++) {
                known |= !Float.isNaN(exampleInputs[c * steps + k]);
            }
            length = known ? k + 1 : length;
        }
        boolean padded = length < steps;
        boolean scaled = model.normalizer() != null;
        StringBuilder values = new StringBuilder();
        for (int c = 0; c < channels; c++) {
            values.append(c == 0 ? "" : ",\n            ").append("// ").append(comment(q.channels().get(c))).append("\n            ");
            for (int k = 0; k < steps; k++) {
                float v = exampleInputs[c * steps + k];
                values.append(k == 0 ? "" : ", ").append(Float.isNaN(v) ? "0" : Float.toString(v)).append('f');
            }
        }
        StringBuilder labels = new StringBuilder();
        for (int i = 0; i < card.labelNames().size(); i++) {
            labels.append(i > 0 ? ", " : "").append('"').append(literal(card.labelNames().get(i))).append('"');
        }
        StringBuilder sb = start(card, zipName, scaled, true, "classifies one sequence", "PredictSequence");
        sb.append("        int channels = ").append(channels).append(", steps = ").append(steps).append(", length = ").append(length)
                .append(";   // the model reads ").append(q.lengths() == null ? "" : "up to ").append(steps).append(" steps\n")
                .append("        // one sequence, channel by channel, oldest step first").append(padded ? "; the steps after its length are 0" : "")
                .append("\n        float[] x = {\n            ").append(values).append("};\n")
                .append("        INDArray input = Nd4j.create(x, new long[] {1, channels, steps}, 'c');\n");
        if (padded || q.lengths() != null) {
            sb.append("        float[] present = new float[steps];   // DL4J's features mask: 1 for the sequence's steps\n")
                    .append("        java.util.Arrays.fill(present, 0, length, 1f);\n")
                    .append("        INDArray mask = Nd4j.create(present, new long[] {1, steps}, 'c');\n");
            if (scaled) {
                sb.append("        norm.transform(input, mask);\n");
            }
            sb.append("        INDArray out = net.output(input, false, mask, null);\n");
        } else {
            if (scaled) {
                sb.append("        norm.transform(input);\n");
            }
            sb.append("        INDArray out = net.output(input);\n");
        }
        sb.append("        if (out.rank() == 3) {   // a network that answers every step: its last one\n")
                .append("            out = out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(out.size(2) - 1));\n")
                .append("        }\n")
                .append("        String[] labels = {").append(labels).append("};\n")
                .append("        int best = out.argMax(1).getInt(0);\n")
                .append("        System.out.println(labels[best] + \" \" + out.getDouble(0, best));\n")
                .append("    }\n}\n");
        return sb.toString();
    }

    /**
     * A program's start: the imports, a Javadoc saying what it does and what it needs, the class and {@code main}, the
     * network (and the normalizer when {@code scaled}) restored from the zip named by the first argument.
     */
    private static StringBuilder start(ModelCard card, String zipName, boolean scaled, boolean indexing, String what, String className) {
        StringBuilder sb = new StringBuilder();
        sb.append("import java.io.File;\n")
                .append("import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;\n")
                .append("import org.deeplearning4j.util.ModelSerializer;\n")
                .append("import org.nd4j.linalg.api.ndarray.INDArray;\n");
        if (scaled) {
            sb.append("import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;\n");
        }
        sb.append("import org.nd4j.linalg.factory.Nd4j;\n").append(indexing ? "import org.nd4j.linalg.indexing.NDArrayIndex;\n" : "")
                .append("\n/** Loads ").append(comment(zipName)).append(" and ").append(what).append(" (needs deeplearning4j-nn and nd4j-native ")
                .append(card.versions().getOrDefault("deeplearning4j", "1.0.0-M2.1")).append("). */\n")
                .append("public class ").append(className).append(" {\n")
                .append("    public static void main(String[] args) throws Exception {\n")
                .append("        File zip = new File(args.length > 0 ? args[0] : \"").append(literal(zipName)).append("\");\n")
                .append("        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(zip);\n");
        if (scaled) {
            sb.append("        DataNormalization norm = ModelSerializer.restoreNormalizerFromFile(zip);\n");
        }
        return sb;
    }

    /** A double literal as people write it: 3 for 3.0 (an int literal: only within int's range), else Java's form. */
    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE ? Long.toString((long) v) : Double.toString(v);
    }

    /** Text for a {@code //} comment or a Javadoc line: one line, and no end of a comment in it. */
    private static String comment(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n]+", " ").replace("*/", "* /");
    }

    /** A Java string literal's contents. */
    private static String literal(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r");
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
            labels.append(i > 0 ? ", " : "").append('"').append(literal(card.labelNames().get(i))).append('"');
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
                + "/** Loads " + comment(zipName) + " and classifies one image (needs deeplearning4j-nn and nd4j-native "
                + card.versions().getOrDefault("deeplearning4j", "1.0.0-M2.1") + "). */\n"
                + "public class PredictImage {\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        File zip = new File(args.length > 0 ? args[0] : \"" + literal(zipName) + "\");\n"
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
