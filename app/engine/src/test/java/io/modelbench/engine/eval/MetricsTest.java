package io.modelbench.engine.eval;

import io.modelbench.engine.api.EvaluationResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {

    @Test
    void classificationFiguresMatchAHandComputation() {
        // actual:    a a a b b c
        // predicted: a a b b c c
        int[] actual = {0, 0, 0, 1, 1, 2};
        int[] predicted = {0, 0, 1, 1, 2, 2};
        EvaluationResult.Classification r = Metrics.classification(actual, predicted, List.of("a", "b", "c"));
        assertThat(r.accuracy()).isCloseTo(4.0 / 6, within(1e-12));
        assertThat(r.confusion()).isDeepEqualTo(new int[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 1}});
        // a: P=2/2 R=2/3 F1=0.8 ; b: P=1/2 R=1/2 F1=0.5 ; c: P=1/2 R=1 F1=2/3
        assertThat(r.perClass().get(0).f1()).isCloseTo(0.8, within(1e-12));
        assertThat(r.perClass().get(1).precision()).isCloseTo(0.5, within(1e-12));
        assertThat(r.perClass().get(2).recall()).isCloseTo(1.0, within(1e-12));
        assertThat(r.f1Macro()).isCloseTo((0.8 + 0.5 + 2.0 / 3) / 3, within(1e-12));
        assertThat(r.perClass().get(0).support()).isEqualTo(3);
    }

    @Test
    void aucIsTheClassicTextbookValue() {
        // scores of class 1: negatives 0.1, 0.4; positives 0.35, 0.8 -> 3 of 4 pairs ordered: AUC 0.75
        int[] actual = {0, 0, 1, 1};
        double[][] p = {{0.9, 0.1}, {0.6, 0.4}, {0.65, 0.35}, {0.2, 0.8}};
        EvaluationResult.Classification r = Metrics.classification(actual, new int[] {0, 0, 0, 1}, p, List.of("n", "y"));
        assertThat(r.aucPerClass().get(1)).isCloseTo(0.75, within(1e-12));
        assertThat(r.aucPerClass().get(0)).isCloseTo(0.75, within(1e-12));
        assertThat(r.aucMacro()).isCloseTo(0.75, within(1e-12));
        // ties count half
        double[][] tied = {{0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5}};
        assertThat(Metrics.classification(actual, new int[4], tied, List.of("n", "y")).aucPerClass().get(1)).isEqualTo(0.5);
        assertThat(Metrics.toMap(r)).containsKeys("auc_macro", "auc_per_class");
    }

    @Test
    void aucIsThePairwiseProbabilityOnRandomScoresWithManyTies() {
        java.util.Random rng = new java.util.Random(5);
        for (int trial = 0; trial < 20; trial++) {
            int n = 50 + rng.nextInt(200);
            int[] actual = new int[n];
            double[][] p = new double[n][3];
            for (int i = 0; i < n; i++) {
                actual[i] = rng.nextInt(3);
                for (int c = 0; c < 3; c++) {
                    p[i][c] = rng.nextInt(trial % 2 == 0 ? 7 : 1000) / 10.0;   // coarse scores: many ties
                }
            }
            for (int c = 0; c < 3; c++) {
                double pairs = 0;
                double wins = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        if (actual[i] == c && actual[j] != c) {
                            pairs++;
                            wins += p[i][c] > p[j][c] ? 1 : p[i][c] == p[j][c] ? 0.5 : 0;
                        }
                    }
                }
                assertThat(Metrics.auc(actual, p, c)).as("trial %d class %d", trial, c).isCloseTo(wins / pairs, within(1e-12));
            }
        }
    }

    @Test
    void regressionFiguresMatchAHandComputation() {
        double[] actual = {1, 2, 3, 4};
        double[] predicted = {1, 3, 3, 2};
        EvaluationResult.Regression r = Metrics.regression(actual, predicted);
        assertThat(r.rmse()).isCloseTo(Math.sqrt(5.0 / 4), within(1e-12));
        assertThat(r.mae()).isCloseTo(3.0 / 4, within(1e-12));
        assertThat(r.r2()).isCloseTo(1 - 5.0 / 5.0, within(1e-12));
    }

    @Test
    void theJsonMapUsesTheCommandLineKeys() {
        var m = Metrics.toMap(Metrics.classification(new int[] {0, 1}, new int[] {0, 1}, List.of("x", "y")));
        assertThat(m).containsKeys("rows", "accuracy", "f1_macro", "per_class", "confusion_matrix");
        assertThat(Metrics.toMap(Metrics.regression(new double[] {1, 2}, new double[] {1, 2}))).containsKeys("rmse", "mae", "r2");
    }
}
