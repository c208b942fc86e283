package io.modelbench.engine.data;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TaskProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 18, item 2: the encoding is detected or the file refused with the line; no character is replaced silently. */
class TextEncodingTest {

    @TempDir
    Path dir;

    private static final String CAFES = "name,kind\nCafé,a\nCafè,b\nCafé,a\n";

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    @Test
    void aLatin1FileIsReadAsWindows1252WithANoteAndKeepsItsLettersApart() throws IOException {
        Path f = write("latin1.csv", CAFES.getBytes(StandardCharsets.ISO_8859_1));
        Table t = CsvTables.read(f);
        assertThat(t.value(0, 0)).isEqualTo("Café");
        assertThat(t.value(1, 0)).isEqualTo("Cafè");
        assertThat(TableProfiler.profile(t).get(0).distinct()).isEqualTo(2);
        assertThat(t.encodingNote()).contains("not UTF-8 (line 2 has byte 0xE9)").contains("read as windows-1252");
    }

    @Test
    void utf8WithOrWithoutAMarkAndUtf16WithAMarkAreReadWithoutANote() throws IOException {
        byte[] utf8 = CAFES.getBytes(StandardCharsets.UTF_8);
        byte[] bom = new byte[utf8.length + 3];
        bom[0] = (byte) 0xEF;
        bom[1] = (byte) 0xBB;
        bom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bom, 3, utf8.length);
        for (Path f : new Path[] {write("utf8.csv", utf8), write("bom.csv", bom),
                write("utf16.csv", CAFES.getBytes(Charset.forName("UTF-16")))}) {
            Table t = CsvTables.read(f);
            assertThat(t.columns()).as(f.toString()).containsExactly("name", "kind");
            assertThat(t.value(1, 0)).as(f.toString()).isEqualTo("Cafè");
            assertThat(t.encodingNote()).as(f.toString()).isEmpty();
        }
    }

    @Test
    void bytesThatAreNeitherUtf8NorWindows1252AreRefusedNamingTheLineOfTheFirstBadByte() throws IOException {
        // line 3 has a Latin-1 é (not UTF-8); line 4 has 0x81, which windows-1252 does not define
        byte[] b = "a,b\n1,x\n2,caf\u00e9\n3,\u0081\n".getBytes(StandardCharsets.ISO_8859_1);
        Path f = write("mixed.csv", b);
        assertThatThrownBy(() -> CsvTables.read(f)).isInstanceOf(InputException.class)
                .hasMessageContaining("mixed.csv").hasMessageContaining("line 3").hasMessageContaining("byte 0xE9")
                .hasMessageContaining("--encoding").hasMessageNotContaining("\uFFFD");
    }

    @Test
    void aNamedEncodingIsUsedStrictly() throws IOException {
        Path f = write("latin1.csv", CAFES.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(CsvTables.read(f, TaskProgress.NONE, TextEncoding.named("ISO-8859-1")).value(1, 0)).isEqualTo("Cafè");
        assertThatThrownBy(() -> CsvTables.read(f, TaskProgress.NONE, StandardCharsets.UTF_8))
                .hasMessageContaining("line 2").hasMessageContaining("byte 0xE9 is not UTF-8 text");
        assertThatThrownBy(() -> TextEncoding.named("latin-42")).hasMessageContaining("--encoding").hasMessageContaining("latin-42");
    }

    @Test
    void aStreamThatIsNotUtf8IsRefusedNotReplaced() {
        byte[] b = CAFES.getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> CsvTables.read("stream.csv", new ByteArrayInputStream(b)))
                .isInstanceOf(InputException.class).hasMessageContaining("stream.csv").hasMessageContaining("not UTF-8");
    }
}
