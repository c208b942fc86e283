package io.modelbench.desktop.view;

import javafx.geometry.Pos;
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

    public ConfusionMatrixPane() {
        setId("confusionMatrix");
        setHgap(0);
        setVgap(0);
    }

    public void show(List<String> labels, int[][] counts) {
        getChildren().clear();
        if (labels == null || counts == null) {
            return;
        }
        Label corner = new Label("actual ↓ / predicted →");
        corner.getStyleClass().addAll("matrix-header", "muted");
        add(corner, 0, 0);
        for (int c = 0; c < labels.size(); c++) {
            Label h = new Label(labels.get(c));
            h.getStyleClass().add("matrix-header");
            add(h, c + 1, 0);
        }
        for (int r = 0; r < labels.size(); r++) {
            Label h = new Label(labels.get(r));
            h.getStyleClass().add("matrix-header");
            add(h, 0, r + 1);
            int rowTotal = 0;
            for (int v : counts[r]) {
                rowTotal += v;
            }
            for (int c = 0; c < labels.size(); c++) {
                double share = rowTotal == 0 ? 0 : (double) counts[r][c] / rowTotal;
                Label cell = new Label(Integer.toString(counts[r][c]));
                cell.setId("cell-" + r + "-" + c);
                cell.getStyleClass().add("matrix-cell");
                cell.setAlignment(Pos.CENTER);
                cell.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
                Color base = r == c ? Color.web("#2f6fdb") : Color.web("#d9534f");
                Color fill = counts[r][c] == 0 ? Color.WHITE : Color.WHITE.interpolate(base, 0.15 + 0.75 * share);
                cell.setStyle("-fx-background-color: " + web(fill) + "; -fx-text-fill: " + (share > 0.5 ? "white" : "black") + ";");
                cell.setTooltip(new Tooltip(String.format("actual %s, predicted %s: %d of %d rows (%.0f %%). Click to list them.",
                        labels.get(r), labels.get(c), counts[r][c], rowTotal, share * 100)));
                int actual = r;
                int predicted = c;
                cell.setOnMouseClicked(e -> onCell.accept(actual, predicted));
                add(cell, c + 1, r + 1);
            }
        }
    }

    private static String web(Color c) {
        return String.format("#%02x%02x%02x", (int) (c.getRed() * 255), (int) (c.getGreen() * 255), (int) (c.getBlue() * 255));
    }
}
