package io.modelbench.spark;

import io.modelbench.engine.api.InputException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One line of a table file as cells, parsed as the engine's CSV reader parses a whole file (Commons CSV with the
 * delimiter among {@code , ; tab |} that splits the header most, surrounding spaces ignored, blank lines skipped), so
 * a partition's rows are the rows the CLI reads. Spark splits a file by lines (that is what makes a large file
 * splittable), so a quoted value may not hold a line break here: such a row is refused naming its line.
 */
final class CsvLines implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final char delimiter;
    private final List<String> header;
    private transient CSVFormat format;

    private CsvLines(String source, char delimiter, List<String> header) {
        this.source = source;
        this.delimiter = delimiter;
        this.header = List.copyOf(header);
    }

    /** Reads the header line (line 1) of {@code source}; a BOM is dropped, names are checked as the engine checks them. */
    static CsvLines fromHeader(String source, String firstLine) {
        String line = firstLine.startsWith("\uFEFF") ? firstLine.substring(1) : firstLine;
        if (line.isBlank()) {
            throw InputException.file(source, "the first line is empty", "put the header row (the column names) on the first line");
        }
        char delimiter = io.modelbench.engine.app.Datasets.csvDelimiter(line);
        CsvLines probe = new CsvLines(source, delimiter, List.of());
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] cells = probe.cells(line, 1);
        for (int i = 0; i < cells.length; i++) {
            String name = cells[i].trim();
            if (name.isEmpty()) {
                throw InputException.cell(source, 1, "#" + (i + 1), "the header has an empty column name",
                        "give every column a name in the first row");
            }
            if (!seen.add(name)) {
                throw InputException.cell(source, 1, name, "the column name appears twice in the header",
                        "give every column a different name");
            }
            names.add(name);
        }
        return new CsvLines(source, delimiter, names);
    }

    String source() {
        return source;
    }

    List<String> header() {
        return header;
    }

    /**
     * The cells of one data row, or null for a line the engine skips (blank, or one empty field); an
     * {@code InputException} naming {@code line} when the row has the wrong number of fields or an open quote.
     */
    String[] row(String text, long line) {
        if (text.isEmpty()) {
            return null;
        }
        String[] cells = cells(text, line);
        if (cells.length != header.size()) {
            if (cells.length == 1 && cells[0].isEmpty()) {
                return null;
            }
            throw InputException.cell(source, line, null, "this row has " + cells.length + " fields but the header has " + header.size(),
                    "make every row have one value per column (quote values that contain the delimiter)");
        }
        return cells;
    }

    private String[] cells(String text, long line) {
        if (text.indexOf('\uFFFD') >= 0) {
            throw InputException.cell(source, line, null, "this line is not UTF-8 text", "save the file as UTF-8 (Spark reads text as UTF-8)");
        }
        if (format == null) {
            format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreSurroundingSpaces(true).build();
        }
        try (CSVParser parser = CSVParser.parse(text, format)) {
            List<CSVRecord> records = parser.getRecords();
            if (records.size() != 1) {
                return new String[] {""};
            }
            return records.get(0).values();
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw InputException.cell(source, line, null, "a quoted value is not closed on this line",
                    "close the quote; Spark reads one row per line, so a value cannot hold a line break (score such a file with the CLI)");
        }
    }
}
