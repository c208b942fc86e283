package io.modelbench.engine.model;

import io.modelbench.engine.api.LayerSpec;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.data.TableDataset;
import io.modelbench.engine.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link LstmForward} gives what DL4J's {@code net.output} gives (the normalizer, the LSTM steps, the last step, the
 * dense layers, the output reverted) for forecasters of one and two LSTM layers with a dense layer and a covariate, and
 * for a sequence classifier's probabilities; {@code TrainedModel.predict} takes it for up to 32 rows and DL4J above.
 */
class LstmForwardTest {

    private static TrainedModel train(io.modelbench.engine.data.Dataset d, String target, ModelSpec spec, int epochs) {
        TrainingSettings t = TrainingSettings.defaults().withEpochs(epochs).withModel(spec);
        return new Trainer().train(d, new TrainingRequest(target, null, List.of(), SplitSettings.defaults(42), t),
                TrainingListener.NONE, new StopSignal(), null).model();
    }

    /** What TrainedModel.predict computed through DL4J for these rows: outputs per row (reverted for regression). */
    private static double[][] dl4j(TrainedModel m, float[][] rows, int channels, int steps) {
        INDArray x = Nd4j.create(rows).reshape('c', rows.length, channels, steps);
        if (m.normalizer() != null) {
            m.normalizer().transform(x);
        }
        INDArray out = TrainedModel.lastStep(m.network().output(x, false));
        if (m.normalizer() != null && m.normalizer().isFitLabel()) {
            m.normalizer().revertLabels(out);
        }
        return out.toDoubleMatrix();
    }

    private static float[][] windows(int n, int values, double base, double spread, long seed) {
        Random r = new Random(seed);
        float[][] rows = new float[n][values];
        for (float[] row : rows) {
            for (int i = 0; i < values; i++) {
                row[i] = (float) (base + spread * r.nextGaussian());
            }
        }
        return rows;
    }

    @Test
    void aForecasterOfOneLstmLayerForecastsAsDl4j() {
        Table table = Samples.open(Samples.find("sunspots"));
        SeriesDataset d = SeriesDataset.of(TableDataset.of(table), "SUNACTIVITY", SeriesSettings.of("YEAR", 6, 1));
        TrainedModel m = train(d, "SUNACTIVITY", ModelSpec.lstm(1), 2);
        float[][] rows = windows(5, 6, 0, 40, 1);   // the target relative to the window's last value, as WindowForecasts gives it
        double[] fast = m.predict(rows).values();
        assertThat(m.lstmForward()).as("the plain-Java pass was taken").isNotNull();
        double[][] ref = dl4j(m, rows, 1, 6);
        for (int r = 0; r < rows.length; r++) {
            assertThat(fast[r]).isCloseTo(ref[r][0], within(1e-4 * Math.max(1, Math.abs(ref[r][0]))));
        }
        // one row alone gives what it gives in a batch
        assertThat(m.predict(new float[][] {rows[3]}).values()[0]).isCloseTo(fast[3], within(1e-6));
    }

    @Test
    void twoLstmLayersADenseLayerAndACovariateForecastAsDl4jAndMoreRowsGoToDl4j() {
        List<String[]> rows = new ArrayList<>();
        long[] lines = new long[120];
        for (int t = 0; t < 120; t++) {
            double temp = 10 + 8 * Math.sin(2 * Math.PI * t / 12);
            rows.add(new String[] {String.format("%d-%02d", 2000 + t / 12, t % 12 + 1), Double.toString(100 + 0.5 * t + 2 * temp),
                Double.toString(temp)});
            lines[t] = t + 2;
        }
        Table table = new Table("sales.csv", List.of("month", "sales", "temperature"), rows, lines, null);
        SeriesDataset d = SeriesDataset.of(TableDataset.of(table), "sales", SeriesSettings.of("month", 5, 2)
                .withCovariates(List.of("temperature")));
        ModelSpec spec = new ModelSpec("lstm", List.of(LayerSpec.lstm(12), LayerSpec.lstm(8), LayerSpec.lastTimeStep(),
                LayerSpec.dense(6), LayerSpec.dropoutLayer(0.2)));
        TrainedModel m = train(d, "sales", spec, 3);
        float[][] few = windows(7, 10, 5, 6, 2);
        double[] fast = m.predict(few).values();
        assertThat(m.lstmForward()).isNotNull();
        double[][] ref = dl4j(m, few, 2, 5);
        for (int r = 0; r < few.length; r++) {
            assertThat(fast[r]).isCloseTo(ref[r][0], within(1e-4 * Math.max(1, Math.abs(ref[r][0]))));
        }
        float[][] many = windows(40, 10, 5, 6, 3);   // over 32 rows: DL4J's batched pass, the same answers
        double[] batched = m.predict(many).values();
        double[][] ref2 = dl4j(m, many, 2, 5);
        assertThat(batched[39]).isCloseTo(ref2[39][0], within(1e-6 * Math.max(1, Math.abs(ref2[39][0]))));
    }

    @Test
    void aSequenceClassifiersProbabilitiesAreDl4js() {
        Random r = new Random(5);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            boolean up = r.nextBoolean();
            for (int k = 0; k < 7; k++) {
                rows.add(new String[] {"s" + i, Integer.toString(k), Double.toString((up ? 0.3 : -0.3) * k + r.nextGaussian() * 0.5),
                    Double.toString(r.nextGaussian()), up ? "up" : "down"});
            }
        }
        Table t = new Table("s.csv", List.of("id", "t", "a", "b", "label"), rows,
                java.util.stream.LongStream.range(2, rows.size() + 2L).toArray(), null);
        var data = io.modelbench.engine.app.Datasets.sequences(t, "id", "t", "label", List.of());
        TrainedModel m = train(data, "label", ModelSpec.lstm(1), 2);
        float[][] few = windows(6, 14, 0, 1, 4);
        double[][] p = m.predict(few).probabilities();
        assertThat(m.lstmForward()).isNotNull();
        double[][] ref = dl4j(m, few, 2, 7);
        for (int i = 0; i < few.length; i++) {
            for (int k = 0; k < 2; k++) {
                assertThat(p[i][k]).isCloseTo(ref[i][k], within(1e-5));
            }
        }
    }

    /**
     * Sequences of different lengths (padded at the end with NaN, as the model card's layout gives them): each is read
     * for its own steps and gets DL4J's probabilities with its mask; a missing value inside a full-length sequence
     * stays on DL4J (NaN, as before).
     */
    @Test
    void paddedSequencesAreReadForTheirOwnStepsAsDl4jsMaskDoes() {
        Random r = new Random(6);
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            boolean up = r.nextBoolean();
            int len = i == 0 ? 10 : 3 + r.nextInt(8);
            for (int k = 0; k < len; k++) {
                rows.add(new String[] {"s" + i, Integer.toString(k), Double.toString((up ? 0.3 : -0.3) * k + r.nextGaussian() * 0.5),
                    Double.toString(r.nextGaussian()), up ? "up" : "down"});
            }
        }
        Table t = new Table("s.csv", List.of("id", "t", "a", "b", "label"), rows,
                java.util.stream.LongStream.range(2, rows.size() + 2L).toArray(), null);
        var data = io.modelbench.engine.app.Datasets.sequences(t, "id", "t", "label", List.of());
        TrainedModel m = train(data, "label", new ModelSpec("lstm", List.of(LayerSpec.lstm(10), LayerSpec.lstm(6),
                LayerSpec.lastTimeStep())), 2);
        assertThat(m.card().sequence().lengths()).isNotNull();
        int steps = m.card().sequence().steps();
        float[][] few = windows(5, 2 * steps, 0, 1, 7);
        int[] lengths = {steps, 3, 5, 1, steps - 1};
        for (int i = 0; i < few.length; i++) {
            for (int c = 0; c < 2; c++) {
                java.util.Arrays.fill(few[i], c * steps + lengths[i], (c + 1) * steps, Float.NaN);
            }
        }
        double[][] p = m.predict(few).probabilities();
        assertThat(m.lstmForward()).isNotNull();
        var masked = io.modelbench.engine.data.SequenceTable.mask(few, 2, steps);
        INDArray x = Nd4j.create(masked.x()).reshape('c', few.length, 2, steps);
        INDArray mask = Nd4j.create(masked.mask());
        m.normalizer().transform(x, mask);
        double[][] ref = TrainedModel.lastStep(m.network().output(x, false, mask, null)).toDoubleMatrix();
        for (int i = 0; i < few.length; i++) {
            for (int k = 0; k < 2; k++) {
                assertThat(p[i][k]).as("sequence %d of %d steps", i, lengths[i]).isCloseTo(ref[i][k], within(1e-5));
            }
        }
        float[][] hole = {few[0].clone()};
        hole[0][2] = Float.NaN;   // inside a full-length sequence: not padding
        assertThat(m.predict(hole).probabilities()[0][0]).isNaN();
    }
}
