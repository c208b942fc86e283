package io.modelbench.engine.data;

import io.modelbench.engine.api.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTablesTest {

    private static Table parse(String text) throws IOException {
        return CsvTables.read("t.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheIrisSampleWithItsHeaderAndLines() {
        Table t = Samples.open(Samples.find("iris"));
        assertThat(t.columns()).containsExactly("sepal_length_cm", "sepal_width_cm", "petal_length_cm", "petal_width_cm", "species");
        assertThat(t.rowCount()).isEqualTo(150);
        assertThat(t.value(0, 4)).isEqualTo("setosa");
        assertThat(t.line(0)).isEqualTo(2);
        assertThat(t.line(149)).isEqualTo(151);
        assertThat(t.sha256()).hasSize(64);
    }

    @Test
    void handlesBomSemicolonsQuotesAndEmbeddedNewlines() throws IOException {
        Table t = parse("\uFEFFname;note;y\n\"a\";\"x; with \"\"quote\"\" and\nnewline\";1\nb;plain;2\n");
        assertThat(t.columns()).containsExactly("name", "note", "y");
        assertThat(t.value(0, 1)).isEqualTo("x; with \"quote\" and\nnewline");
        assertThat(t.line(1)).isEqualTo(4);
        assertThat(parse("a\tb\n1\t2\n").columns()).containsExactly("a", "b");
    }

    @Test
    void sameBytesSameHashOtherBytesOtherHash() throws IOException {
        assertThat(parse("a,b\n1,2\n").sha256()).isEqualTo(parse("a,b\n1,2\n").sha256())
                .isNotEqualTo(parse("a,b\n1,3\n").sha256());
    }

    @Test
    void reportsProgressAndCanBeCancelled(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.csv");
        StringBuilder sb = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 100_000; i++) {
            sb.append(i).append(',').append(i * 0.5).append(",x\n");
        }
        Files.writeString(big, sb.toString());
        java.util.List<Double> seen = new java.util.ArrayList<>();
        Table t = CsvTables.read(big, seen::add);
        assertThat(t.rowCount()).isEqualTo(100_000);
        assertThat(seen).hasSizeGreaterThan(3).isSorted();
        assertThat(seen.get(seen.size() - 1)).isGreaterThan(0.9);

        io.modelbench.engine.api.TaskProgress cancelAtOnce = new io.modelbench.engine.api.TaskProgress() {
            @Override
            public void progress(double fraction) {
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThatThrownBy(() -> CsvTables.read(big, cancelAtOnce)).isInstanceOf(java.util.concurrent.CancellationException.class);
    }

    @Test
    void raggedRowNamesItsLine() {
        assertThatThrownBy(() -> parse("a,b,c\n1,2,3\n4,5\n"))
                .isInstanceOf(InputException.class)
                .hasMessage("t.csv, line 3: this row has 2 fields but the header has 3. "
                        + "Make every row have one value per column (quote values that contain the delimiter).");
    }

    @Test
    void emptyHeaderOnlyBinaryAndDuplicateNamesAreExplained(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> parse("")).hasMessageContaining("t.csv: the file is empty");
        assertThatThrownBy(() -> parse("a,b\n")).hasMessageContaining("has a header but no data rows");
        assertThatThrownBy(() -> parse("a,b,a\n1,2,3\n")).hasMessageContaining("column 'a'").hasMessageContaining("appears twice");
        Path bin = dir.resolve("image.csv");
        Files.write(bin, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13});
        assertThatThrownBy(() -> CsvTables.read(bin)).isInstanceOf(InputException.class)
                .hasMessageContaining("image.csv").hasMessageContaining("binary");
        assertThatThrownBy(() -> CsvTables.read(dir.resolve("none.csv"))).hasMessageContaining("none.csv: the file does not exist");
        assertThatThrownBy(() -> CsvTables.read(dir)).hasMessageContaining("is a folder");
    }
}
