package io.modelbench.engine.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A table as read from a file: a header and rows of cells, each row with the line it started on (for messages
 * that point at the file). Immutable after construction.
 *
 * <p>Stored by column ({@link Column}): plain decimals as numbers, other texts once per distinct value, about
 * 8 bytes a cell instead of a {@code String} each. {@link #value} still gives every cell's text exactly as read;
 * {@link #number} and {@link #isMissing} answer what {@link Values} would say of that text, without parsing it.
 */
public final class Table {

    private final String source;
    private final List<String> columns;
    private final Column[] data;
    private final int rows;
    /** Line of each row; null when every row r is on line r + 2 (no blank or multi-line rows before it). */
    private final long[] lines;
    private final String sha256;
    /** How the file's bytes were read when that needs saying (not UTF-8), else "". */
    private final String encodingNote;

    /**
     * A table of the given text rows (each with one cell per column; a null cell counts as missing).
     * {@code sha256} is the hex SHA-256 of the source bytes (null when not known).
     */
    public Table(String source, List<String> columns, List<String[]> rows, long[] lines, String sha256) {
        this(build(source, columns, rows, lines), sha256);
    }

    private static Builder build(String source, List<String> columns, List<String[]> rows, long[] lines) {
        if (lines.length != rows.size()) {
            throw new IllegalArgumentException("one line number per row");
        }
        Builder b = new Builder(source, columns);
        for (int r = 0; r < lines.length; r++) {
            b.addRow(lines[r], rows.get(r));
        }
        return b;
    }

    private Table(Builder b, String sha256) {
        this(b.source, b.columns, b.buildColumns(), b.rows, compact(b.lines, b.rows), sha256);
    }

    private Table(String source, List<String> columns, Column[] data, int rows, long[] lines, String sha256) {
        this(source, columns, data, rows, lines, sha256, "");
    }

    private Table(String source, List<String> columns, Column[] data, int rows, long[] lines, String sha256, String encodingNote) {
        this.encodingNote = encodingNote;
        this.source = Objects.requireNonNull(source);
        this.columns = columns;
        this.data = data;
        this.rows = rows;
        this.lines = lines;
        this.sha256 = sha256;
    }

    /** Builds a table cell by cell ({@link #add}, then {@link #endRow}) without keeping a String per cell. */
    public static Builder builder(String source, List<String> columns) {
        return new Builder(source, columns);
    }

    /** The file (or sample name) the table came from, as shown in messages. */
    public String source() {
        return source;
    }

    /** How the file's text was decoded when it was not UTF-8 (say, "read as windows-1252 ..."), else "". */
    public String encodingNote() {
        return encodingNote;
    }

    /** This table with a note on how its text was decoded. */
    public Table withEncodingNote(String note) {
        return new Table(source, columns, data, rows, lines, sha256, note == null ? "" : note);
    }

    /** Hex SHA-256 of the file's bytes, so a run can tell when its source changed; null if unknown. */
    public String sha256() {
        return sha256;
    }

    public List<String> columns() {
        return columns;
    }

    public int rowCount() {
        return rows;
    }

    public int columnCount() {
        return columns.size();
    }

    /** The cell's text exactly as read (made anew for number cells: compare with equals, not ==). */
    public String value(int row, int column) {
        return data[column].text(check(row));
    }

    /**
     * The cell as a number: what {@link Values#number} gives for {@link #value}, NaN where that is null (missing
     * or not a number). No parsing.
     */
    public double number(int row, int column) {
        return data[column].number(check(row));
    }

    /** Whether {@link Values#isMissing} is true for the cell's text. No parsing. */
    public boolean isMissing(int row, int column) {
        return data[column].isMissing(check(row));
    }

    /** The row's cells as text (a new array each call). */
    public String[] row(int row) {
        check(row);
        String[] cells = new String[data.length];
        for (int c = 0; c < cells.length; c++) {
            cells[c] = data[c].text(row);
        }
        return cells;
    }

    /** The 1-based line in the file where the row starts (the header is line 1). */
    public long line(int row) {
        return lines == null ? check(row) + 2L : lines[row];
    }

    /** The stored column (for the profiler and encoders of this package). */
    Column column(int column) {
        return data[column];
    }

    /** Estimated heap bytes of the stored cells (see {@link Column#storedBytes}). */
    long storedBytes() {
        long n = lines == null ? 0 : 8L * lines.length;
        for (Column c : data) {
            n += c.storedBytes();
        }
        return n;
    }

    private int check(int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rows);
        }
        return row;
    }

    /** A table of the given rows (in that order), keeping their line numbers. */
    public Table select(int[] rowIndices) {
        if (rowIndices.length == rows) {
            boolean identity = true;
            for (int i = 0; i < rowIndices.length && identity; i++) {
                identity = rowIndices[i] == i;
            }
            if (identity) {
                return this;
            }
        }
        long[] l = new long[rowIndices.length];
        for (int i = 0; i < rowIndices.length; i++) {
            l[i] = line(rowIndices[i]);
        }
        Column[] d = new Column[data.length];
        for (int c = 0; c < d.length; c++) {
            d[c] = data[c].select(rowIndices);
        }
        return new Table(source, columns, d, rowIndices.length, compact(l, l.length), sha256, encodingNote);
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

    /** The first {@code n} lines, or null when each row r is on line r + 2. */
    private static long[] compact(long[] lines, int n) {
        for (int r = 0; r < n; r++) {
            if (lines[r] != r + 2L) {
                return Arrays.copyOf(lines, n);
            }
        }
        return null;
    }

    /** Collects rows for a {@link Table}; use once. */
    public static final class Builder {
        private final String source;
        private final List<String> columns;
        private final Column.Builder[] builders;
        private long[] lines = new long[16];
        private int rows;
        private int cell;

        private Builder(String source, List<String> columns) {
            this.source = Objects.requireNonNull(source);
            this.columns = List.copyOf(columns);
            this.builders = new Column.Builder[this.columns.size()];
            for (int c = 0; c < builders.length; c++) {
                builders[c] = new Column.Builder();
            }
        }

        /** The next cell of the current row (null counts as missing). */
        public Builder add(String cell) {
            if (this.cell == builders.length) {
                throw new IllegalArgumentException("row " + rows + " has more than " + builders.length + " cells");
            }
            builders[this.cell++].add(cell);
            return this;
        }

        /** Ends the current row, which started on {@code line} of the source. */
        public Builder endRow(long line) {
            if (cell != builders.length) {
                throw new IllegalArgumentException("row " + rows + " has " + cell + " cells, not " + builders.length);
            }
            if (rows == lines.length) {
                lines = Arrays.copyOf(lines, rows * 2);
            }
            lines[rows++] = line;
            cell = 0;
            return this;
        }

        /** A whole row at once. */
        public Builder addRow(long line, String... cells) {
            for (String c : cells) {
                add(c);
            }
            return endRow(line);
        }

        public int rowCount() {
            return rows;
        }

        public Table build(String sha256) {
            if (cell != 0) {
                throw new IllegalStateException("the last row was not ended");
            }
            return new Table(this, sha256);
        }

        private Column[] buildColumns() {
            Column[] d = new Column[builders.length];
            for (int c = 0; c < d.length; c++) {
                d[c] = builders[c].build();
                builders[c] = null;
            }
            return d;
        }
    }
}
