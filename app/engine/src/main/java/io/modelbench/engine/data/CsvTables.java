package io.modelbench.engine.data;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TaskProgress;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * Reads delimited text tables with a header row (Apache Commons CSV does the parsing) into a {@link Table},
 * cell by cell, so no row of Strings is kept.
 */
public final class CsvTables {

    private static final int SNIFF_CHARS = 64 * 1024;

    private CsvTables() {
    }

    /** Reads a file; every problem becomes an {@link InputException} naming the file, line and column. */
    public static Table read(Path file) {
        return read(file, TaskProgress.NONE);
    }

    /**
     * Reads a file, reporting the share of bytes read; throws {@link CancellationException} soon after
     * {@code progress.isCancelled()} turns true.
     */
    public static Table read(Path file, TaskProgress progress) {
        return read(file, progress, null);
    }

    /**
     * As {@link #read(Path, TaskProgress)}, in the charset given, or ({@code charset} null) as {@link TextEncoding} detects:
     * a file that is not UTF-8 is read as windows-1252 with a note on the table ({@link Table#encodingNote()}), or refused
     * with the line of its first bad byte. Text is never decoded with replacement characters.
     */
    public static Table read(Path file, TaskProgress progress, Charset charset) {
        if (!Files.exists(file)) {
            throw InputException.file(file, "the file does not exist", "check the path and try again");
        }
        if (Files.isDirectory(file)) {
            throw InputException.file(file, "is a folder, not a table file", "choose a .csv file");
        }
        if (!Files.isReadable(file)) {
            throw InputException.file(file, "cannot be read (permission denied)", "check the file's permissions");
        }
        try {
            Charset cs = charset != null ? charset : TextEncoding.utf16Bom(file);
            try {
                return readFile(file, progress, cs == null ? StandardCharsets.UTF_8 : cs);
            } catch (Undecodable e) {
                if (cs != null) {
                    throw TextEncoding.notIn(file, cs);
                }
                StringBuilder note = new StringBuilder();
                Charset fallback = TextEncoding.fallback(file, note);
                return readFile(file, progress, fallback).withEncodingNote(note.toString());
            }
        } catch (NoSuchFileException e) {
            throw InputException.file(file, "the file does not exist", "check the path and try again");
        } catch (AccessDeniedException e) {
            throw InputException.file(file, "cannot be read (permission denied)", "check the file's permissions");
        } catch (IOException e) {
            throw InputException.file(file, "could not be read: " + e.getMessage(), "check that the file is a readable table", e);
        }
    }

    private static Table readFile(Path file, TaskProgress progress, Charset charset) throws IOException {
        try (InputStream in = new ProgressInputStream(Files.newInputStream(file), Files.size(file), progress)) {
            Table t = read(file.toString(), in, charset);
            progress.progress(1.0);
            return t;
        }
    }

    /** Text that the charset cannot decode (strict decoding); the file is then read again or refused with the line. */
    private static final class Undecodable extends RuntimeException {
        Undecodable(Throwable cause) {
            super(cause);
        }
    }

    /** Reads a table from a stream (UTF-8, with or without BOM; bytes that are not UTF-8 are an error); {@code source} names it. */
    public static Table read(String source, InputStream in) throws IOException {
        try {
            return read(source, in, StandardCharsets.UTF_8);
        } catch (Undecodable e) {
            throw InputException.file(source, "is not UTF-8 text", "save it as UTF-8");
        }
    }

    private static Table read(String source, InputStream in, Charset charset) throws IOException {
        try {
            return decode(source, in, charset);
        } catch (CharacterCodingException e) {
            throw new Undecodable(e);
        }
    }

    private static Table decode(String source, InputStream in, Charset charset) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        DigestInputStream digesting = new DigestInputStream(in, sha);
        BufferedReader reader = new BufferedReader(new InputStreamReader(digesting, TextEncoding.strict(charset)), SNIFF_CHARS);
        reader.mark(SNIFF_CHARS);
        char[] head = new char[SNIFF_CHARS];
        int n = reader.read(head, 0, head.length);
        reader.reset();
        if (n <= 0) {
            throw InputException.file(source, "the file is empty", "choose a table with a header row and data rows");
        }
        String sniff = new String(head, 0, n);
        if (sniff.indexOf('\0') >= 0) {
            throw InputException.file(source, "is not a text table (it contains binary data)",
                    "choose a CSV file saved as text (UTF-8)");
        }
        if (sniff.charAt(0) == '\uFEFF') {
            reader.skip(1);
            sniff = sniff.substring(1);
        }
        char delimiter = detectDelimiter(sniff);
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setDelimiter(delimiter)
                .setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true)
                .build();
        Table t = parse(source, reader, format, sha);
        return t;
    }

    private static Table parse(String source, Reader reader, CSVFormat format, MessageDigest sha) throws IOException {
        List<String> header = null;
        Table.Builder rows = null;
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            long startLine = 1;
            for (CSVRecord record : parser) {
                if (header == null) {
                    header = header(source, record, startLine);
                    rows = Table.builder(source, header);
                } else {
                    if (record.size() != header.size()) {
                        if (record.size() == 1 && record.get(0).isEmpty()) {
                            startLine = parser.getCurrentLineNumber() + 1;
                            continue;
                        }
                        throw InputException.cell(source, startLine, null,
                                "this row has " + record.size() + " fields but the header has " + header.size(),
                                "make every row have one value per column (quote values that contain the delimiter)");
                    }
                    for (int i = 0; i < record.size(); i++) {
                        rows.add(record.get(i));
                    }
                    rows.endRow(startLine);
                }
                startLine = parser.getCurrentLineNumber() + 1;
            }
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw new Undecodable(e.getCause());
            }
            throw InputException.file(source, "is not a valid table: " + rootMessage(e),
                    "check the quoting near that place (a quote must be closed before the line ends)", e);
        } catch (CancellationException e) {
            throw e;
        } catch (IllegalStateException e) {
            throw InputException.file(source, "is not a valid table: " + rootMessage(e),
                    "check the quoting near that place (a quote must be closed before the line ends)", e);
        }
        if (header == null) {
            throw InputException.file(source, "the file is empty", "choose a table with a header row and data rows");
        }
        if (rows.rowCount() == 0) {
            throw InputException.file(source, "has a header but no data rows", "add data rows below the header");
        }
        return rows.build(HexFormat.of().formatHex(sha.digest()));
    }

    private static List<String> header(String source, CSVRecord record, long line) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < record.size(); i++) {
            String name = record.get(i).trim();
            if (name.isEmpty()) {
                throw InputException.cell(source, line, "#" + (i + 1), "the header has an empty column name",
                        "give every column a name in the first row");
            }
            if (!seen.add(name)) {
                throw InputException.cell(source, line, name, "the column name appears twice in the header",
                        "give every column a different name");
            }
            names.add(name);
        }
        return names;
    }

    /** Counts bytes for progress and checks for cancellation every 256 KB. */
    private static final class ProgressInputStream extends java.io.FilterInputStream {
        private static final long STEP = 256 * 1024;
        private final long total;
        private final TaskProgress progress;
        private long read;
        private long next = STEP;

        ProgressInputStream(InputStream in, long total, TaskProgress progress) {
            super(in);
            this.total = Math.max(1, total);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read >= next) {
                next = read + STEP;
                if (progress.isCancelled()) {
                    throw new CancellationException("import cancelled");
                }
                progress.progress(Math.min(1.0, (double) read / total));
            }
        }
    }

    /**
     * The delimiter among , ; tab | that splits the first line into the most fields (comma on a tie). Public for the
     * Spark reader (through {@code engine.app.Datasets.csvDelimiter}), which must split a file exactly as this one does.
     */
    public static char detectDelimiter(String sniff) {
        int end = sniff.indexOf('\n');
        String first = end < 0 ? sniff : sniff.substring(0, end);
        char best = ',';
        int bestCount = count(first, ',');
        for (char c : new char[] {';', '\t', '|'}) {
            int k = count(first, c);
            if (k > bestCount) {
                best = c;
                bestCount = k;
            }
        }
        return best;
    }

    private static int count(String s, char c) {
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == c && !quoted) {
                n++;
            }
        }
        return n;
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null) {
            r = r.getCause();
        }
        return r.getMessage() == null ? r.getClass().getSimpleName() : r.getMessage();
    }
}
