package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.EvaluateViewModel;
import io.modelbench.desktop.viewmodel.TryViewModel;
import io.modelbench.desktop.viewmodel.UiScheduler;
import io.modelbench.desktop.viewmodel.Workspace;
import io.modelbench.engine.eval.Curves;
import org.jfree.chart.JFreeChart;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Evaluate page's charts as PNG and SVG files, rendered and written without a display. */
class ChartExportTest {

    private static JFreeChart rocChart() {
        XYSeriesCollection data = new XYSeriesCollection();
        JFreeChart chart = EvaluateCharts.curves(data);
        Map<String, List<Curves.Point>> curves = new LinkedHashMap<>();
        curves.put("cat", List.of(new Curves.Point(0, 0), new Curves.Point(0.1, 0.8), new Curves.Point(1, 1)));
        curves.put("dog", List.of(new Curves.Point(0, 0), new Curves.Point(0.3, 0.6), new Curves.Point(1, 1)));
        EvaluateCharts.showCurves(chart, data, curves, EvaluateViewModel.CurveKind.ROC);
        return chart;
    }

    @Test
    void everyChartOfThePageRendersAsAValidPngAndSvg() throws Exception {
        XYIntervalSeriesCollection bins = new XYIntervalSeriesCollection();
        JFreeChart residuals = EvaluateCharts.residuals(bins);
        EvaluateCharts.showResiduals(bins, List.of(new EvaluateViewModel.HistogramBin(-2, 0, 3), new EvaluateViewModel.HistogramBin(0, 2, 5)));
        DefaultCategoryDataset probs = new DefaultCategoryDataset();
        JFreeChart probabilities = EvaluateCharts.probabilities(probs);
        EvaluateCharts.showProbabilities(probs, List.of(new TryViewModel.ClassProbability("cat", 0.7),
                new TryViewModel.ClassProbability("dog", 0.3)));

        for (JFreeChart chart : List.of(rocChart(), residuals, probabilities)) {
            byte[] png = ChartExport.png(chart, 640, 400);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n');
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertThat(image.getWidth()).isEqualTo(640);
            assertThat(image.getHeight()).isEqualTo(400);

            byte[] svg = ChartExport.svg(chart, 640, 400);
            DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
            xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);  // offline: no DTD fetch
            Document doc = xml.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
            assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
            assertThat(doc.getDocumentElement().getAttribute("width")).startsWith("640");
            assertThat(doc.getElementsByTagName("text").getLength()).as("titles and axis labels").isGreaterThan(3);
        }
    }

    @Test
    void theConfusionMatrixExportsAsPngAndSvgWithItsCounts() throws Exception {
        List<String> labels = List.of("cat", "dog", "bird");
        int[][] counts = {{12, 1, 0}, {2, 9, 1}, {0, 0, 7}};
        byte[] png = ChartExport.renderMatrix(labels, counts, ChartExport.Format.PNG).get();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThan(300);
        // the top-left cell (12 of 13 'cat' rows predicted right) is a strong blue, an empty cell stays white
        java.awt.Color diagonal = new java.awt.Color(image.getRGB(130 + 5, 130 + 5));
        assertThat(diagonal.getBlue()).isGreaterThan(diagonal.getRed() + 60);
        byte[] svg = ChartExport.renderMatrix(labels, counts, ChartExport.Format.SVG).get();
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = xml.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        String text = new String(svg, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(text).contains(">12<").contains(">9<").contains(">bird<");
    }

    @Test
    void theViewModelWritesTheFileAtomicallyAndSaysSo(@TempDir Path dir) throws Exception {
        EvaluateViewModel vm = new EvaluateViewModel(new Workspace(), Runnable::run, UiScheduler.immediate());
        JFreeChart chart = rocChart();
        Path png = dir.resolve("roc.png");
        Files.writeString(png, "an older file");
        vm.saveChart(png, ChartExport.render(chart, ChartExport.Format.PNG, 800, 500));
        assertThat(vm.errorProperty().get()).isEmpty();
        assertThat(vm.messageProperty().get()).startsWith("Saved roc.png (");
        BufferedImage read = ImageIO.read(png.toFile());
        assertThat(read.getWidth()).isEqualTo(800);

        Path svg = ChartExport.withExtension(dir.resolve("roc"), ChartExport.Format.SVG);
        assertThat(svg.getFileName().toString()).isEqualTo("roc.svg");
        vm.saveChart(svg, ChartExport.render(chart, ChartExport.Format.SVG, 800, 500));
        assertThat(Files.readString(svg)).contains("<svg").contains("ROC, one class vs rest");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left")
                    .containsExactlyInAnyOrder("roc.png", "roc.svg");
        }
    }

    @Test
    void aFileThatCannotBeWrittenGivesAMessageNotAStackTrace(@TempDir Path dir) throws Exception {
        EvaluateViewModel vm = new EvaluateViewModel(new Workspace(), Runnable::run, UiScheduler.immediate());
        Path notAFolder = dir.resolve("plain.txt");
        Files.writeString(notAFolder, "x");
        vm.saveChart(notAFolder.resolve("roc.png"), ChartExport.render(rocChart(), ChartExport.Format.PNG, 300, 200));
        assertThat(vm.errorProperty().get()).contains("roc.png").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(vm.messageProperty().get()).isEmpty();

        vm.saveChart(dir, ChartExport.render(rocChart(), ChartExport.Format.SVG, 300, 200));
        assertThat(vm.errorProperty().get()).contains("is a folder");
        assertThat(Files.readString(notAFolder)).isEqualTo("x");
    }
}
