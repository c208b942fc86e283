package io.modelbench.engine.nativeenv;

import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingEvent;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.api.DataSchema;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableEncoder;
import io.modelbench.engine.model.MlpFactory;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;
import io.modelbench.engine.io.Json;
import io.modelbench.engine.train.Trainer;
import io.modelbench.engine.train.TrainingOutcome;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link NativeTuningCheckTest}. On the digits sample (1,797 x 64: real GEMM work) it
 * prints, as JSON on stdout: the settings in force, the outputs of a seeded network before and after one
 * full-batch gradient step, and the loss curve and predictions of a short training run.
 */
public final class TuningProbe {

    public static void main(String[] args) throws Exception {
        Map<String, String> applied = NativeEnvironment.applyBeforeLoad();
        NativeEnvironment.enableFlushToZero();
        Table digits = Samples.open(Samples.find("digits"));
        TrainingSettings settings = new TrainingSettings(6, 32, 0.001, List.of(128, 64), 7);

        // 1) forward pass and one gradient step on identical seeded weights: the GEMM kernels themselves
        DataSchema schema = TableEncoder.inferSchema(digits, "digit", null, List.of());
        INDArray x = Nd4j.create(TableEncoder.features(digits, schema));
        INDArray y = Nd4j.zeros(DataType.FLOAT, digits.rowCount(), 10);
        int[] cls = TableEncoder.classIndices(digits, schema);
        for (int i = 0; i < cls.length; i++) {
            y.putScalar(i, cls[i], 1f);
        }
        DataSet all = new DataSet(x, y);
        NormalizerStandardize norm = new NormalizerStandardize();
        norm.fit(all);
        norm.preProcess(all);
        MultiLayerNetwork net = MlpFactory.build(schema, settings);
        double[][] forward = net.output(all.getFeatures()).toDoubleMatrix();
        net.fit(all);
        double[][] afterStep = net.output(all.getFeatures()).toDoubleMatrix();

        // 2) a short, stable training run through the engine
        List<Double> losses = new ArrayList<>();
        TrainingOutcome out = new Trainer().train(digits, TrainingRequest.of("digit", settings),
                e -> {
                    if (e instanceof TrainingEvent.EpochDone d) {
                        losses.add(d.trainingLoss());
                    }
                }, new StopSignal());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("applied", applied);
        result.put("forward", forward);
        result.put("after_step", afterStep);
        result.put("losses", losses);
        result.put("predicted", out.model().predict(digits).predicted());
        result.put("probabilities", out.model().predict(digits).probabilities());
        System.out.println(Json.mapper().writeValueAsString(result));
    }
}
