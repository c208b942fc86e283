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
}
