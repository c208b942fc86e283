package io.modelbench.engine.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** ROC and precision-recall curves of one class against the rest, from predicted probabilities. */
public final class Curves {

    /** A point of a curve: x (false-positive rate, or recall) and y (true-positive rate, or precision). */
    public record Point(double x, double y) {
    }

    private Curves() {
    }

    /** ROC: (false-positive rate, true-positive rate) from the highest threshold down; starts at (0,0), ends at (1,1). */
    public static List<Point> roc(int[] actual, double[][] p, int c) {
        Integer[] order = order(p, c);
        long pos = Arrays.stream(actual).filter(a -> a == c).count();
        long neg = actual.length - pos;
        List<Point> out = new ArrayList<>();
        out.add(new Point(0, 0));
        long tp = 0;
        long fp = 0;
        for (int i = 0; i < order.length; i++) {
            if (actual[order[i]] == c) {
                tp++;
            } else {
                fp++;
            }
            boolean lastOfTie = i + 1 == order.length || p[order[i + 1]][c] != p[order[i]][c];
            if (lastOfTie) {
                out.add(new Point(neg == 0 ? 0 : (double) fp / neg, pos == 0 ? 0 : (double) tp / pos));
            }
        }
        return out;
    }

    /** Precision-recall: (recall, precision) from the highest threshold down. */
    public static List<Point> precisionRecall(int[] actual, double[][] p, int c) {
        Integer[] order = order(p, c);
        long pos = Arrays.stream(actual).filter(a -> a == c).count();
        List<Point> out = new ArrayList<>();
        long tp = 0;
        for (int i = 0; i < order.length; i++) {
            if (actual[order[i]] == c) {
                tp++;
            }
            boolean lastOfTie = i + 1 == order.length || p[order[i + 1]][c] != p[order[i]][c];
            if (lastOfTie && pos > 0) {
                out.add(new Point((double) tp / pos, (double) tp / (i + 1)));
            }
        }
        return out;
    }

    private static Integer[] order(double[][] p, int c) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i][c]).reversed());
        return order;
    }
}
