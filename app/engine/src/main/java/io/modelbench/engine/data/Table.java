package io.modelbench.engine.data;

import java.util.List;
import java.util.Objects;

/**
 * A table as read from a file: a header and rows of text cells, each row with the line it started on (for
 * messages that point at the file). Immutable after construction.
 */
public final class Table {

    private final String source;
    private final List<String> columns;
    private final List<String[]> rows;
    private final long[] lines;
    private final String sha256;

    /** {@code sha256} is the hex SHA-256 of the source bytes (null when not known). */
    public Table(String source, List<String> columns, List<String[]> rows, long[] lines, String sha256) {
        this.source = Objects.requireNonNull(source);
        this.sha256 = sha256;
        this.columns = List.copyOf(columns);
        this.rows = List.copyOf(rows);
        this.lines = lines.clone();
        if (lines.length != rows.size()) {
            throw new IllegalArgumentException("one line number per row");
        }
    }

    /** The file (or sample name) the table came from, as shown in messages. */
    public String source() {
        return source;
    }

    /** Hex SHA-256 of the file's bytes, so a run can tell when its source changed; null if unknown. */
    public String sha256() {
        return sha256;
    }

    public List<String> columns() {
        return columns;
    }

    public int rowCount() {
        return rows.size();
    }

    public int columnCount() {
        return columns.size();
    }

    public String value(int row, int column) {
        return rows.get(row)[column];
    }

    /** The row's cells; do not modify. */
    public String[] row(int row) {
        return rows.get(row);
    }

    /** The 1-based line in the file where the row starts (the header is line 1). */
    public long line(int row) {
        return lines[row];
    }

    /** A table of the given rows (in that order), keeping their line numbers. */
    public Table select(int[] rowIndices) {
        if (rowIndices.length == rows.size()) {
            boolean identity = true;
            for (int i = 0; i < rowIndices.length && identity; i++) {
                identity = rowIndices[i] == i;
            }
            if (identity) {
                return this;
            }
        }
        java.util.List<String[]> r = new java.util.ArrayList<>(rowIndices.length);
        long[] l = new long[rowIndices.length];
        for (int i = 0; i < rowIndices.length; i++) {
            r.add(rows.get(rowIndices[i]));
            l[i] = lines[rowIndices[i]];
        }
        return new Table(source, columns, r, l, sha256);
    }

    /** The column's position, or -1. Exact match first, then case-insensitive. */
    public int indexOf(String column) {
        int i = columns.indexOf(column);
        if (i >= 0) {
            return i;
        }
        for (int c = 0; c < columns.size(); c++) {
            if (columns.get(c).equalsIgnoreCase(column)) {
                return c;
            }
        }
        return -1;
    }
}
