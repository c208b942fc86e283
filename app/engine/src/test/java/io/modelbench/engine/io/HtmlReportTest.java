package io.modelbench.engine.io;

import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TrainingListener;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.eval.Curves;
import io.modelbench.engine.train.Trainer;
import io.modelbench.engine.train.TrainingOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    @Test
    void aClassificationReportHasFiguresMatrixAndWellFormedSvgCharts(@TempDir Path dir) throws Exception {
        Table iris = Samples.open(Samples.find("iris"));
        TrainingOutcome out = new Trainer().train(iris, TrainingRequest.of("species", TrainingSettings.defaults().withEpochs(20)),
                TrainingListener.NONE, new StopSignal());
        Path file = dir.resolve("report.html");
        HtmlReport.save(new HtmlReport.Input("Iris", out.model().card(), "iris test split", out.test(), out.baseline(),
                out.baselineDescription(), out.testRows(), out.reference(), out.referenceDescription()), file);
        String html = Files.readString(file);
        assertThat(html).contains("Linear reference, logistic regression");
        EvaluationResult.Classification c = (EvaluationResult.Classification) out.test();
        assertThat(html).contains(String.format("Accuracy %.1f %%", c.accuracy() * 100)).contains("Baseline, always")
                .contains("Confusion matrix").contains(">versicolor<").contains("sepal_length_cm")
                .doesNotContain("<script").doesNotContain("src=\"http");
        Matcher m = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
        int charts = 0;
        while (m.find()) {
            DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(m.group().getBytes(StandardCharsets.UTF_8)));
            charts++;
        }
        assertThat(charts).isEqualTo(2);

        // issue 18: a perfect score and test rows shared with training are said in the report, before the figures
        var metrics = new java.util.LinkedHashMap<>(out.model().card().testMetrics());
        metrics.put(io.modelbench.engine.eval.TrustNotes.SHARED_ROWS, 5);
        EvaluationResult perfect = io.modelbench.engine.eval.Metrics.classification(new int[] {0, 1, 2}, new int[] {0, 1, 2},
                c.labels());
        String warned = HtmlReport.render(new HtmlReport.Input("Iris", out.model().card().withTestMetrics(metrics), "iris",
                perfect, out.baseline(), out.baselineDescription(), out.testRows()));
        assertThat(warned).contains("Warning: test accuracy 1.000 is at or near perfect")
                .contains("In training, 5 of " + out.model().card().dataset().testRows() + " test rows also appeared among the training rows");
        assertThat(warned.indexOf("Warning:")).isLessThan(warned.indexOf("Accuracy 100.0"));
    }

    @Test
    void rocOfAPerfectAndOfARandomScorer() {
        int[] actual = {0, 1, 0, 1};
        double[][] perfect = {{0.9, 0.1}, {0.2, 0.8}, {0.7, 0.3}, {0.1, 0.9}};
        List<Curves.Point> roc = Curves.roc(actual, perfect, 1);
        assertThat(roc.get(0)).isEqualTo(new Curves.Point(0, 0));
        assertThat(roc).contains(new Curves.Point(0, 1.0));
        assertThat(roc.get(roc.size() - 1)).isEqualTo(new Curves.Point(1, 1));
        List<Curves.Point> pr = Curves.precisionRecall(actual, perfect, 1);
        assertThat(pr.get(1)).isEqualTo(new Curves.Point(1.0, 1.0));
    }
}
