package io.modelbench.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The reference for the CSV ratio, NOT a replacement for CsvTables: a streaming reader that keeps each column as
 * a primitive {@code float[]} (4 bytes a cell) instead of a String per cell, with the same SHA-256 of the bytes.
 * It handles only the benchmark's file (comma-separated, unquoted, all numeric) and throws otherwise. It shows
 * what a columnar, typed table costs in time and heap; quoting, delimiter detection, line numbers for messages
 * and dictionary-coded text columns would add to it.
 */
final class LeanCsv {

    record Columns(String[] header, float[][] columns, int rows, String sha256) {
    }

    private LeanCsv() {
    }

    static Columns read(Path file) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file);
             BufferedReader r = new BufferedReader(new InputStreamReader(new DigestInputStream(in, sha),
                     StandardCharsets.UTF_8), 64 * 1024)) {
            String[] header = r.readLine().split(",", -1);
            int cols = header.length;
            float[][] data = new float[cols][1 << 16];
            int rows = 0;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isEmpty()) {
                    continue;
                }
                if (rows == data[0].length) {
                    for (int c = 0; c < cols; c++) {
                        data[c] = Arrays.copyOf(data[c], rows + (rows >> 1));
                    }
                }
                int start = 0;
                for (int c = 0; c < cols; c++) {
                    int end = c == cols - 1 ? line.length() : line.indexOf(',', start);
                    if (end < 0) {
                        throw new IOException("row " + (rows + 1) + " has too few fields");
                    }
                    data[c][rows] = (float) Double.parseDouble(line.substring(start, end));
                    start = end + 1;
                }
                rows++;
            }
            for (int c = 0; c < cols; c++) {
                data[c] = Arrays.copyOf(data[c], rows);
            }
            return new Columns(header, data, rows, HexFormat.of().formatHex(sha.digest()));
        }
    }
}
