import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Packs the PNGs drawn by MakeIcon.java into the icon files jpackage wants on Windows (.ico) and macOS
 * (.icns), with no other tool: both formats may hold PNG images as they are (Windows Vista+, macOS 10.7+).
 * Run from the repository root after MakeIcon.java: java installers/icons/MakeOsIcons.java
 */
public class MakeOsIcons {
    private static final Path PNGS = Path.of("ui-resources/src/main/resources/io/modelbench/desktop/icons");
    private static final Path OUT = Path.of("installers/icons");

    public static void main(String[] args) throws IOException {
        writeIco(OUT.resolve("modelbench.ico"), 16, 32, 48, 64, 128, 256);
        // icns types holding PNG data: icp4 16, icp5 32, icp6 64, ic07 128, ic08 256, ic09 512,
        // and the @2x variants ic11 (16@2x = 32), ic12 (32@2x = 64), ic13 (128@2x = 256), ic14 (256@2x = 512).
        writeIcns(OUT.resolve("modelbench.icns"),
                new Object[][] {{"icp4", 16}, {"icp5", 32}, {"icp6", 64}, {"ic07", 128}, {"ic08", 256}, {"ic09", 512},
                        {"ic11", 32}, {"ic12", 64}, {"ic13", 256}, {"ic14", 512}});
    }

    private static byte[] png(int size) throws IOException {
        return Files.readAllBytes(PNGS.resolve("modelbench-" + size + ".png"));
    }

    /** ICONDIR (6 bytes), one ICONDIRENTRY (16 bytes) per image, then the PNG files; all little-endian. */
    static void writeIco(Path out, int... sizes) throws IOException {
        byte[][] images = new byte[sizes.length][];
        int total = 6 + 16 * sizes.length;
        for (int i = 0; i < sizes.length; i++) {
            images[i] = png(sizes[i]);
            total += images[i].length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0).putShort((short) 1).putShort((short) sizes.length);
        int offset = 6 + 16 * sizes.length;
        for (int i = 0; i < sizes.length; i++) {
            int s = sizes[i] >= 256 ? 0 : sizes[i]; // 0 means 256
            b.put((byte) s).put((byte) s).put((byte) 0).put((byte) 0);
            b.putShort((short) 1).putShort((short) 32).putInt(images[i].length).putInt(offset);
            offset += images[i].length;
        }
        for (byte[] image : images) {
            b.put(image);
        }
        Files.write(out, b.array());
    }

    /** 'icns', total length, then per image: 4-character type, length including this 8-byte header, PNG; big-endian. */
    static void writeIcns(Path out, Object[][] entries) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        for (Object[] e : entries) {
            byte[] image = png((Integer) e[1]);
            d.writeBytes((String) e[0]);
            d.writeInt(image.length + 8);
            d.write(image);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream f = new DataOutputStream(file);
        f.writeBytes("icns");
        f.writeInt(body.size() + 8);
        body.writeTo(f);
        Files.write(out, file.toByteArray());
    }
}
