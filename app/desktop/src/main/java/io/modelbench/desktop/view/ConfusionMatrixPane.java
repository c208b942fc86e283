package io.modelbench.desktop.view;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.paint.Color;

import java.util.List;

/**
 * A confusion matrix as a heat map: rows are actual classes, columns predicted classes; the shade of a cell is
 * its share of the actual class's rows (row-normalized), the number is the count.
 */
public final class ConfusionMatrixPane extends GridPane {

    private java.util.function.BiConsumer<Integer, Integer> onCell = (a, p) -> { };

    /** Called with (actual, predicted) indices when a cell is clicked. */
    public void setOnCell(java.util.function.BiConsumer<Integer, Integer> handler) {
        onCell = handler;
    }

    /**
     * One tooltip for the whole matrix, its text set to the cell under the mouse: a tooltip per cell (each a popup
     * window) made showing a 10-class result take ~100 ms longer.
     */
    private final Tooltip tip = new Tooltip();
    private List<String> shownLabels;
    private Label[][] cells = new Label[0][0];

    public ConfusionMatrixPane() {
        setId("confusionMatrix");
        setHgap(0);
        setVgap(0);
        Tooltip.install(this, tip);
    }

    /**
     * Shows the counts; the same classes as before update the cells in place (no new nodes to style and lay out).
     */
    public void show(List<String> labels, int[][] counts) {
        if (labels == null || counts == null) {
            getChildren().clear();
            shownLabels = null;
            cells = new Label[0][0];
            return;
        }
        if (!labels.equals(shownLabels)) {
            build(labels);
        }
        for (int r = 0; r < labels.size(); r++) {
            int rowTotal = 0;
            for (int v : counts[r]) {
                rowTotal += v;
            }
            for (int c = 0; c < labels.size(); c++) {
                double share = rowTotal == 0 ? 0 : (double) counts[r][c] / rowTotal;
                Label cell = cells[r][c];
                cell.setText(Integer.toString(counts[r][c]));
                Color base = r == c ? Color.web("#2f6fdb") : Color.web("#d9534f");
                Color fill = counts[r][c] == 0 ? Color.WHITE : Color.WHITE.interpolate(base, 0.15 + 0.75 * share);
                // set directly, not as an inline style: no CSS text to parse per cell
                cell.setBackground(new Background(new BackgroundFill(fill, CornerRadii.EMPTY, Insets.EMPTY)));
                cell.setTextFill(share > 0.5 ? Color.WHITE : Color.BLACK);
                String text = String.format("actual %s, predicted %s: %d of %d rows (%.0f %%). Click to list them.",
                        labels.get(r), labels.get(c), counts[r][c], rowTotal, share * 100);
                cell.setOnMouseEntered(e -> tip.setText(text));
            }
        }
    }

    private void build(List<String> labels) {
        getChildren().clear();
        shownLabels = List.copyOf(labels);
        int n = labels.size();
        cells = new Label[n][n];
        Label corner = new Label("actual ↓ / predicted →");
        corner.getStyleClass().addAll("matrix-header", "muted");
        corner.setOnMouseEntered(e -> tip.setText("Rows: the actual class; columns: the predicted class; "
                + "the shade is the share of the actual class's rows."));
        add(corner, 0, 0);
        for (int c = 0; c < n; c++) {
            Label h = new Label(labels.get(c));
            h.getStyleClass().add("matrix-header");
            String text = "predicted " + labels.get(c);
            h.setOnMouseEntered(e -> tip.setText(text));
            add(h, c + 1, 0);
        }
        for (int r = 0; r < n; r++) {
            Label h = new Label(labels.get(r));
            h.getStyleClass().add("matrix-header");
            String text = "actual " + labels.get(r);
            h.setOnMouseEntered(e -> tip.setText(text));
            add(h, 0, r + 1);
            for (int c = 0; c < n; c++) {
                Label cell = new Label();
                cell.setId("cell-" + r + "-" + c);
                cell.getStyleClass().add("matrix-cell");
                cell.setAlignment(Pos.CENTER);
                cell.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
                int actual = r;
                int predicted = c;
                cell.setOnMouseClicked(e -> onCell.accept(actual, predicted));
                cells[r][c] = cell;
                add(cell, c + 1, r + 1);
            }
        }
    }

    /** The tooltip's text for the cell under the mouse (for tests). */
    String tooltipText() {
        return tip.getText();
    }

    private static String web(Color c) {
        return String.format("#%02x%02x%02x", (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255));
    }
}
