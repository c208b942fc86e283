package io.modelbench.engine.data;

import io.modelbench.engine.api.InputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which character set a table file is in, so that no character is replaced silently: a Latin-1 file read as UTF-8
 * turned 'Café' and 'Cafè' both into 'Caf\uFFFD', merged them, and a column was dropped as constant without a word.
 * Text is decoded strictly (malformed bytes are errors, never U+FFFD). The order: a byte-order mark (UTF-8, UTF-16);
 * valid UTF-8; otherwise windows-1252 when every byte is defined there (ISO-8859-1's letters are the same bytes), with
 * a note on the table; otherwise a refusal naming the line of the first byte that is not UTF-8. A charset the user
 * gives ({@code --encoding}) is used as given, strictly.
 */
public final class TextEncoding {

    /** Where windows-1252 is tried when a file is not UTF-8. */
    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private TextEncoding() {
    }

    /** A byte that the charset cannot decode: its 1-based line (counting LF bytes before it) and its value. */
    public record BadByte(long line, int value) {
        public String hex() {
            return String.format(Locale.ROOT, "0x%02X", value);
        }
    }

    /** The charset named by the user; an error naming the setting when there is none such. */
    public static Charset named(String name) {
        try {
            return Charset.forName(name.trim());
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw InputException.setting("--encoding", name, "use UTF-8, windows-1252, ISO-8859-1, UTF-16 or another Java charset name");
        }
    }

    /** A strict decoder: malformed or unmappable input is an error, never a replacement character. */
    public static CharsetDecoder strict(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** UTF-16 (LE or BE) when the file starts with its byte-order mark, else null. */
    public static Charset utf16Bom(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            int a = in.read();
            int b = in.read();
            if (a == 0xFF && b == 0xFE || a == 0xFE && b == 0xFF) {
                return StandardCharsets.UTF_16; // reads the mark and takes the byte order from it
            }
        }
        return null;
    }

    /** The first byte of the file that {@code charset} cannot decode, or null when all of it decodes. */
    public static BadByte firstBadByte(Path file, Charset charset) throws IOException {
        CharsetDecoder decoder = strict(charset);
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        CharBuffer out = CharBuffer.allocate(64 * 1024);
        long line = 1;
        try (InputStream stream = Files.newInputStream(file)) {
            boolean end = false;
            while (true) {
                int n = end ? -1 : stream.read(in.array(), in.position(), in.remaining());
                if (n < 0) {
                    end = true;
                } else {
                    in.position(in.position() + n);
                }
                in.flip();
                int from = in.position();
                CoderResult r = decoder.decode(in, out, end);
                if (r.isError()) {
                    line += newlines(in.array(), from, in.position());
                    return new BadByte(line, in.get(in.position()) & 0xFF);
                }
                line += newlines(in.array(), from, in.position());
                out.clear();
                in.compact();
                if (end && in.position() == 0) {
                    CoderResult f = decoder.flush(out);
                    return f.isError() ? new BadByte(line, 0) : null;
                }
                if (end && !r.isOverflow()) {
                    // bytes left at the end that never make a character (a cut-off sequence)
                    return new BadByte(line, in.get(0) & 0xFF);
                }
            }
        }
    }

    private static int newlines(byte[] b, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    /**
     * After strict UTF-8 failed on {@code file}: windows-1252 and the note to show, or an {@link InputException} naming
     * the line of the first byte that is not UTF-8 when the file is not windows-1252 either.
     */
    static Charset fallback(Path file, StringBuilder note) throws IOException {
        BadByte utf8 = firstBadByte(file, StandardCharsets.UTF_8);
        if (utf8 == null) {
            throw InputException.file(file, "could not be decoded as UTF-8", "save the file as UTF-8 text");
        }
        byte[] head = new byte[64 * 1024];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                throw InputException.file(file, "is not a text table (it contains binary data)", "choose a CSV file saved as text (UTF-8)");
            }
        }
        if (firstBadByte(file, WINDOWS_1252) != null) {
            throw InputException.cell(file.toString(), utf8.line(), null, "byte " + utf8.hex() + " is not UTF-8 text, and the file is"
                    + " not windows-1252 either", "save the file as UTF-8, or name its encoding with --encoding");
        }
        note.append("not UTF-8 (line ").append(utf8.line()).append(" has byte ").append(utf8.hex())
                .append("): read as windows-1252 (Latin-1)");
        return WINDOWS_1252;
    }

    /** The error for a file that the charset the user named cannot decode: the line and the byte. */
    static InputException notIn(Path file, Charset charset) throws IOException {
        BadByte bad = firstBadByte(file, charset);
        long line = bad == null ? 1 : bad.line();
        String what = bad == null ? "the text" : "byte " + bad.hex();
        return InputException.cell(file.toString(), line, null, what + " is not " + charset.name() + " text",
                "name the file's encoding with --encoding (such as UTF-8 or windows-1252), or save it as UTF-8");
    }
}
