package io.modelbench.engine.io;

import io.modelbench.engine.api.ClassMetrics;
import io.modelbench.engine.api.EvaluatedRow;
import io.modelbench.engine.api.EvaluationResult;
import io.modelbench.engine.eval.TrustNotes;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.eval.Curves;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An evaluation report as one self-contained HTML file (no scripts, no external files; charts are inline
 * SVG drawn by JFreeChart): figures beside the baseline, confusion matrix, ROC curves or predicted-vs-actual,
 * per-class figures, the settings and the data, and the worst predictions.
 */
public final class HtmlReport {

    /** What the report shows. {@code baseline} and {@code reference} (the linear model on the same rows) may be null. */
    public record Input(String title, ModelCard card, String data, EvaluationResult result, EvaluationResult baseline,
                        String baselineText, List<EvaluatedRow> rows, EvaluationResult reference, String referenceText) {

        /** Without a linear reference. */
        public Input(String title, ModelCard card, String data, EvaluationResult result, EvaluationResult baseline,
                     String baselineText, List<EvaluatedRow> rows) {
            this(title, card, data, result, baseline, baselineText, rows, null, null);
        }
    }

    private HtmlReport() {
    }

    public static void save(Input in, Path target) {
        String html = render(in);
        AtomicFiles.write(target, w -> w.write(html));
    }

    public static String render(Input in) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(in.title()))
                .append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1100px}"
                        + "h1{color:#2f6fdb}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}"
                        + "th{background:#f3f5f8}td.l,th.l{text-align:left}.big{font-size:1.6em;font-weight:bold;color:#2f6fdb}"
                        + ".muted{color:#666}.wrong{background:#fdecea}"
                        + ".warn{background:#fff4d6;border-left:4px solid #e0a800;padding:6px 10px}</style></head><body>\n");
        h.append("<h1>").append(esc(in.title())).append("</h1>\n");
        h.append("<p class=\"muted\">Data: ").append(esc(in.data())).append(" · ").append(in.result().rows())
                .append(" rows evaluated · model trained ").append(esc(in.card().createdAt())).append("</p>\n");
        warnings(h, in);
        if (in.result() instanceof EvaluationResult.Classification c) {
            classification(h, in, c);
        } else if (in.result() instanceof EvaluationResult.Regression r) {
            regression(h, in, r);
        }
        settings(h, in.card());
        optimized(h, in.card().optimized());
        worst(h, in.rows());
        h.append("<p class=\"muted\">Written by ModelBench ").append(esc(in.card().versions().getOrDefault("modelbench", "")))
                .append(".</p>\n</body></html>\n");
        return h.toString();
    }

    /** A score at or near perfect on the rows shown, and test rows the training saw (issue 18): said first, in a box. */
    private static void warnings(StringBuilder h, Input in) {
        List<String> w = new java.util.ArrayList<>(TrustNotes.warnings(in.result(), 0));
        int shared = TrustNotes.sharedRows(in.card());
        if (shared > 0) {
            w.add("In training, " + shared + " of " + in.card().dataset().testRows()
                    + " test rows also appeared among the training rows (same inputs and target): its test figures flatter the model.");
        }
        w.forEach(x -> h.append("<p class=\"warn\">Warning: ").append(esc(x)).append("</p>\n"));
    }

    private static void classification(StringBuilder h, Input in, EvaluationResult.Classification c) {
        h.append(String.format("<p><span class=\"big\">Accuracy %.1f %%</span> &nbsp; macro F1 %.3f · ROC AUC (one-vs-rest, macro) %.3f</p>%n",
                c.accuracy() * 100, c.f1Macro(), c.aucMacro()));
        if (in.baseline() instanceof EvaluationResult.Classification b) {
            h.append(String.format("<p class=\"muted\">Baseline, %s: accuracy %.1f %%, macro F1 %.3f.</p>%n",
                    esc(in.baselineText()), b.accuracy() * 100, b.f1Macro()));
        }
        if (in.reference() instanceof EvaluationResult.Classification l) {
            h.append(String.format("<p class=\"muted\">Linear reference, %s: accuracy %.1f %%, macro F1 %.3f.%s</p>%n",
                    esc(in.referenceText()), l.accuracy() * 100, l.f1Macro(), verdict(c.accuracy() < l.accuracy())));
        }
        h.append("<h2>Confusion matrix</h2><p class=\"muted\">Rows: actual class; columns: predicted class; shade: share of the row.</p><table><tr><th></th>");
        for (String l : c.labels()) {
            h.append("<th>").append(esc(l)).append("</th>");
        }
        h.append("</tr>");
        for (int r = 0; r < c.labels().size(); r++) {
            int total = 0;
            for (int v : c.confusion()[r]) {
                total += v;
            }
            h.append("<tr><th class=\"l\">").append(esc(c.labels().get(r))).append("</th>");
            for (int k = 0; k < c.labels().size(); k++) {
                double share = total == 0 ? 0 : (double) c.confusion()[r][k] / total;
                String color = r == k ? "47,111,219" : "217,83,79";
                h.append(String.format("<td style=\"background:rgba(%s,%.2f)\">%d</td>", color, c.confusion()[r][k] == 0 ? 0 : 0.15 + 0.75 * share,
                        c.confusion()[r][k]));
            }
            h.append("</tr>");
        }
        h.append("</table>\n<h2>Per class</h2><table><tr><th class=\"l\">Class</th>")
                .append("<th>Precision</th><th>Recall</th><th>F1</th><th>ROC AUC</th><th>Rows</th></tr>");
        for (int k = 0; k < c.perClass().size(); k++) {
            ClassMetrics m = c.perClass().get(k);
            double auc = k < c.aucPerClass().size() ? c.aucPerClass().get(k) : Double.NaN;
            h.append(String.format("<tr><td class=\"l\">%s</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%.3f</td><td>%d</td></tr>",
                    esc(m.label()), m.precision(), m.recall(), m.f1(), auc, m.support()));
        }
        h.append("</table>\n");
        if (!in.rows().isEmpty() && in.rows().get(0).probabilities() != null) {
            int[] actual = in.rows().stream().mapToInt(r -> c.labels().indexOf(r.actual())).toArray();
            double[][] p = in.rows().stream().map(EvaluatedRow::probabilities).toArray(double[][]::new);
            XYSeriesCollection roc = new XYSeriesCollection();
            XYSeriesCollection pr = new XYSeriesCollection();
            for (int k = 0; k < c.labels().size(); k++) {
                roc.addSeries(series(c.labels().get(k), Curves.roc(actual, p, k)));
                pr.addSeries(series(c.labels().get(k), Curves.precisionRecall(actual, p, k)));
            }
            h.append("<h2>ROC and precision-recall curves (one class against the rest)</h2>\n");
            h.append(svg(lines("ROC", "false-positive rate", "true-positive rate", roc), 520, 400));
            h.append(svg(lines("Precision-recall", "recall", "precision", pr), 520, 400));
        }
    }

    private static String verdict(boolean linearWins) {
        return linearWins ? " <b>The network does not beat the linear model on these rows</b>: try early stopping and weight decay, a "
                + "smaller network, a lower learning rate or more rows; or use the linear model." : "";
    }

    private static void regression(StringBuilder h, Input in, EvaluationResult.Regression r) {
        h.append(String.format("<p><span class=\"big\">R² %.3f</span> &nbsp; RMSE %.4g · MAE %.4g</p>%n", r.r2(), r.rmse(), r.mae()));
        if (in.baseline() instanceof EvaluationResult.Regression b) {
            h.append(String.format("<p class=\"muted\">Baseline, %s: RMSE %.4g · MAE %.4g · R² %.3f.</p>%n",
                    esc(in.baselineText()), b.rmse(), b.mae(), b.r2()));
        }
        if (in.reference() instanceof EvaluationResult.Regression l) {
            h.append(String.format("<p class=\"muted\">Linear reference, %s: RMSE %.4g · MAE %.4g · R² %.3f.%s</p>%n",
                    esc(in.referenceText()), l.rmse(), l.mae(), l.r2(), verdict(r.r2() < l.r2())));
        }
        XYSeries points = new XYSeries("rows", false, true);
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (EvaluatedRow row : in.rows()) {
            double a = Double.parseDouble(row.actual());
            double pr = Double.parseDouble(row.predicted());
            points.add(a, pr);
            lo = Math.min(lo, Math.min(a, pr));
            hi = Math.max(hi, Math.max(a, pr));
        }
        XYSeries diagonal = new XYSeries("perfect", false, true);
        diagonal.add(lo, lo);
        diagonal.add(hi, hi);
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(points);
        data.addSeries(diagonal);
        JFreeChart chart = ChartFactory.createScatterPlot("Predicted against actual", "actual", "predicted", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
        renderer.setSeriesLinesVisible(0, false);
        renderer.setSeriesShapesVisible(1, false);
        renderer.setSeriesPaint(0, new Color(0x2F, 0x6F, 0xDB));
        renderer.setSeriesPaint(1, Color.GRAY);
        chart.getXYPlot().setRenderer(renderer);
        style(chart);
        h.append("<h2>Predicted against actual</h2>\n").append(svg(chart, 520, 420));
    }

    private static void settings(StringBuilder h, ModelCard card) {
        h.append("<h2>Model and training</h2><table>");
        row(h, "Task", card.task());
        row(h, "Target column", card.targetColumn());
        row(h, "Input columns", String.join(", ", card.inputColumns()));
        if (card.ignoredColumns() != null && !card.ignoredColumns().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            card.ignoredColumns().forEach((k, v) -> sb.append(sb.length() > 0 ? ", " : "").append(k).append(" (").append(v).append(')'));
            row(h, "Left out", sb.toString());
        }
        row(h, "Hidden layers", card.training().hiddenLayers().toString());
        row(h, "Optimizer", card.training().optimization().optimizer() + ", learning rate " + card.training().learningRate()
                + " (" + card.training().optimization().schedule() + ")");
        row(h, "Epochs", card.training().epochsCompleted() + " of " + card.training().epochsRequested()
                + (card.training().stopNote() == null ? "" : " — " + card.training().stopNote()));
        row(h, "Batch size, seed", card.training().batchSize() + ", " + card.training().seed());
        row(h, "Preprocessing", card.preprocessing().features());
        row(h, "Training data", card.dataset().source() + ": " + card.dataset().trainRows() + " train / "
                + card.dataset().validationRows() + " validation / " + card.dataset().testRows() + " test rows");
        for (Map.Entry<String, String> v : card.versions().entrySet()) {
            row(h, v.getKey(), v.getValue());
        }
        h.append("</table>\n");
    }

    /** A model made by {@code optimize}: what was done, and both models on the same test rows. */
    private static void optimized(StringBuilder h, ModelCard.Optimized o) {
        if (o == null || o.before() == null || o.after() == null) {
            return;
        }
        h.append("<h2>Optimized for inference: ").append(esc(o.method())).append("</h2><p class=\"muted\">")
                .append(esc(o.settings())).append(". From ").append(esc(o.source()))
                .append("; both measured on the test split of the model's own data. ").append(esc(o.note())).append(".</p>")
                .append("<table><tr><th class=\"l\">Model</th><th>Size (bytes)</th><th>Parameters</th><th>Non-zero</th>"
                        + "<th>Sparsity</th><th class=\"l\">Test</th><th>Latency, batch 1 (ms)</th><th>Latency/row, batch 256 (ms)</th></tr>");
        optimizedRow(h, "before", o.before());
        optimizedRow(h, "after", o.after());
        h.append("</table>\n");
    }

    private static void optimizedRow(StringBuilder h, String name, io.modelbench.engine.api.ModelMeasurement m) {
        StringBuilder test = new StringBuilder();
        m.test().forEach((k, v) -> test.append(test.length() > 0 ? ", " : "").append(k).append(' ')
                .append(v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.4f", d) : String.valueOf(v)));
        h.append(String.format(java.util.Locale.ROOT, "<tr><td class=\"l\">%s</td><td>%,d</td><td>%,d</td><td>%,d</td><td>%.1f %%</td>"
                        + "<td class=\"l\">%s</td><td>%.3f</td><td>%.4f</td></tr>", name, m.sizeBytes(), m.parameters(),
                m.nonzeroParameters(), 100 * m.sparsity(), esc(test.toString()), m.latencyBatch1Ms(), m.latencyBatch256Ms()));
    }

    private static void worst(StringBuilder h, List<EvaluatedRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<EvaluatedRow> worst = rows.stream().sorted((a, b) -> Double.compare(b.loss(), a.loss())).limit(25).toList();
        h.append("<h2>The 25 rows with the highest loss</h2><table><tr><th>Line</th><th class=\"l\">Actual</th>"
                + "<th class=\"l\">Predicted</th><th>Confidence</th><th>Loss</th></tr>");
        for (EvaluatedRow r : worst) {
            h.append(String.format("<tr%s><td>%d</td><td class=\"l\">%s</td><td class=\"l\">%s</td><td>%s</td><td>%.4f</td></tr>",
                    r.correct() ? "" : " class=\"wrong\"", r.line(), esc(r.actual()), esc(r.predicted()),
                    Double.isNaN(r.confidence()) ? "" : String.format("%.3f", r.confidence()), r.loss()));
        }
        h.append("</table>\n");
    }

    private static XYSeries series(String name, List<Curves.Point> points) {
        XYSeries s = new XYSeries(name, false, true);
        points.forEach(p -> s.add(p.x(), p.y()));
        return s;
    }

    private static JFreeChart lines(String title, String x, String y, XYSeriesCollection data) {
        JFreeChart chart = ChartFactory.createXYLineChart(title, x, y, data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        plot.getDomainAxis().setRange(0, 1);
        plot.getRangeAxis().setRange(0, 1.02);
        return chart;
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
    }

    /** The chart as inline SVG. */
    public static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
        return g.getSVGElement() + "\n";
    }

    private static void row(StringBuilder h, String k, String v) {
        h.append("<tr><th class=\"l\">").append(esc(k)).append("</th><td class=\"l\">").append(esc(v)).append("</td></tr>");
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
