package io.modelbench.engine.data;

import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.TaskProgress;

import javax.imageio.ImageIO;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Reads a folder of images with one subfolder per class (PNG, JPEG, BMP or GIF, read by the JDK's ImageIO: no
 * native image libraries). Each image is resized to the settings' size (area averaging when shrinking,
 * bilinear when enlarging), made grayscale or RGB, and kept as raw pixels 0–255. Files that cannot be read
 * are skipped and listed with the reason; hidden files (names starting with a dot) are ignored.
 */
public final class ImageFolders {

    public static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif");

    private ImageFolders() {
    }

    /** True when the path is a folder (so {@code --data} and drag and drop treat it as an image dataset). */
    public static boolean isImageFolder(Path p) {
        return p != null && Files.isDirectory(p);
    }

    public static ImageDataset load(Path folder, ImageSettings settings, TaskProgress progress) {
        return load(folder, folder.toString(), settings, progress);
    }

    /** {@code source} is the name shown in messages and recorded in the model card (a sample's id, say). */
    public static ImageDataset load(Path folder, String source, ImageSettings settings, TaskProgress progress) {
        if (!Files.isDirectory(folder)) {
            throw InputException.file(folder, Files.exists(folder) ? "is not a folder" : "does not exist",
                    "choose a folder with one subfolder of images per class");
        }
        List<Path> classDirs;
        List<Path> stray = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> all = s.filter(p -> !hidden(p)).sorted().toList();
            classDirs = all.stream().filter(Files::isDirectory).toList();
            all.stream().filter(Files::isRegularFile).forEach(stray::add);
        } catch (IOException e) {
            throw InputException.file(folder, "cannot be read (" + e.getMessage() + ")", "check that the folder exists and you may read it", e);
        }
        if (classDirs.isEmpty()) {
            throw InputException.file(folder, "has no class subfolders",
                    "put each class's images in a subfolder named after the class, such as cats/ and dogs/");
        }
        List<String> labels = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> fileLabels = new ArrayList<>();
        for (Path dir : classDirs) {
            int label = labels.size();
            labels.add(dir.getFileName().toString());
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(Files::isRegularFile).filter(p -> !hidden(p)).sorted().forEach(p -> {
                    files.add(p);
                    fileLabels.add(label);
                });
            } catch (IOException e) {
                throw InputException.file(dir, "cannot be read (" + e.getMessage() + ")", "check that you may read the folder", e);
            }
        }
        int n = files.size();
        float[][] pixels = new float[n][];
        String[] reasons = new String[n];
        byte[][] hashes = new byte[n][];
        String[] tooLarge = new String[n];
        AtomicInteger done = new AtomicInteger();
        IntStream.range(0, n).parallel().forEach(i -> {
            if (progress.isCancelled()) {
                throw new CancellationException("image import cancelled");
            }
            Path f = files.get(i);
            try {
                byte[] bytes = Files.readAllBytes(f);
                hashes[i] = sha256().digest(bytes);
                if (!EXTENSIONS.contains(extension(f))) {
                    reasons[i] = "not a PNG, JPEG, BMP or GIF file";
                } else {
                    pixels[i] = decode(bytes, settings);
                    if (pixels[i] == null) {
                        reasons[i] = "not a readable image (the content is not a " + extension(f).toUpperCase(Locale.ROOT) + " image)";
                    }
                }
            } catch (ImageLimit.TooLarge e) {
                tooLarge[i] = e.getMessage();
            } catch (IOException | RuntimeException e) {
                hashes[i] = hashes[i] == null ? new byte[0] : hashes[i];
                reasons[i] = "cannot be read (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
            }
            int d = done.incrementAndGet();
            if ((d & 63) == 0) {
                progress.progress((double) d / n);
            }
        });
        if (progress.isCancelled()) {
            throw new CancellationException("image import cancelled");
        }
        for (int i = 0; i < n; i++) {
            if (tooLarge[i] != null) {
                throw InputException.file(files.get(i), tooLarge[i], ImageLimit.TooLarge.fix());
            }
        }
        MessageDigest all = sha256();
        List<ImageDataset.Item> items = new ArrayList<>();
        List<ImageDataset.Skipped> skipped = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        for (Path p : stray) {
            skipped.add(new ImageDataset.Skipped(p, "not inside a class subfolder"));
        }
        for (int i = 0; i < n; i++) {
            all.update(folder.relativize(files.get(i)).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
            all.update(hashes[i]);
            if (reasons[i] != null) {
                skipped.add(new ImageDataset.Skipped(files.get(i), reasons[i]));
            } else {
                items.add(new ImageDataset.Item(files.get(i), fileLabels.get(i)));
                rows.add(pixels[i]);
            }
        }
        int[] counts = new int[labels.size()];
        items.forEach(it -> counts[it.label()]++);
        List<String> empty = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0) {
                empty.add(labels.get(c));
            }
        }
        if (items.isEmpty()) {
            throw InputException.file(folder, "has no readable images (" + skipped.size() + " files skipped"
                            + (skipped.isEmpty() ? "" : ", for example " + folder.relativize(skipped.get(0).file()) + ": " + skipped.get(0).reason()) + ")",
                    "put PNG, JPEG, BMP or GIF images into one subfolder per class");
        }
        if (!empty.isEmpty()) {
            throw InputException.file(folder, "has class folders without a readable image: " + String.join(", ", empty),
                    "add images to them or remove them");
        }
        if (labels.size() < 2) {
            throw InputException.file(folder, "has only one class folder ('" + labels.get(0) + "')",
                    "a classifier needs at least two classes: add a subfolder per class");
        }
        progress.progress(1.0);
        return new ImageDataset(folder, source, labels, items, skipped, rows.toArray(new float[0][]), settings,
                HexFormat.of().formatHex(all.digest()));
    }

    /**
     * Settings that suit the folder: the size of its first image (at most 64 pixels a side, aspect kept) and
     * grayscale when that image is gray, with no augmentation.
     */
    public static ImageSettings suggest(Path folder) {
        try (Stream<Path> s = Files.walk(folder, 2)) {
            for (Path p : s.filter(Files::isRegularFile).filter(p -> !hidden(p))
                    .filter(p -> EXTENSIONS.contains(extension(p))).sorted().limit(20).toList()) {
                try {
                    ImageLimit.check(Files.readAllBytes(p)); // an image over the limit is refused by load(), not decoded here
                    BufferedImage img = ImageIO.read(p.toFile());
                    if (img == null) {
                        continue;
                    }
                    double scale = Math.min(1.0, 64.0 / Math.max(img.getWidth(), img.getHeight()));
                    int w = Math.max(4, (int) Math.round(img.getWidth() * scale));
                    int h = Math.max(4, (int) Math.round(img.getHeight() * scale));
                    boolean gray = img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
                    return new ImageSettings(w, h, gray, "0..1", ImageSettings.Augmentation.NONE);
                } catch (IOException | RuntimeException e) {
                    // try the next file; the import lists unreadable files with their reasons
                }
            }
        } catch (IOException e) {
            // fall through to the defaults; load() reports an unreadable folder
        }
        return ImageSettings.defaults();
    }

    /** One image as model input (raw pixels 0–255, as in training), or an {@link InputException} naming the file. */
    public static float[] read(Path file, ImageSettings settings) {
        try {
            float[] px = decode(Files.readAllBytes(file), settings);
            if (px == null) {
                throw InputException.file(file, "is not a readable image", "use a PNG, JPEG, BMP or GIF image");
            }
            return px;
        } catch (ImageLimit.TooLarge e) {
            throw InputException.file(file, e.getMessage(), ImageLimit.TooLarge.fix());
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputException ie) {
                throw ie;
            }
            throw InputException.file(file, "cannot be read (" + e.getMessage() + ")", "use a PNG, JPEG, BMP or GIF image", e);
        }
    }

    /**
     * One image given as the bytes of its file (PNG, JPEG, BMP, GIF), as model input exactly as {@link #read} gives
     * it for the file; an {@link InputException} naming {@code name} when the bytes are not a readable image.
     */
    public static float[] decode(byte[] bytes, String name, ImageSettings settings) {
        try {
            float[] px = decode(bytes, settings);
            if (px == null) {
                throw InputException.file(name, "is not a readable image", "send a PNG, JPEG, BMP or GIF image");
            }
            return px;
        } catch (ImageLimit.TooLarge e) {
            throw InputException.file(name, e.getMessage(), ImageLimit.TooLarge.fix());
        } catch (IOException | RuntimeException e) {
            if (e instanceof InputException ie) {
                throw ie;
            }
            throw InputException.file(name, "cannot be read (" + e.getMessage() + ")", "send a PNG, JPEG, BMP or GIF image", e);
        }
    }

    /** Decodes, converts and resizes; null when ImageIO does not recognise the content. */
    static float[] decode(byte[] bytes, ImageSettings s) throws IOException {
        ImageLimit.check(bytes); // from the header: a small file can hold a huge image
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
        if (img == null) {
            return null;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        float[][] src = channels(img, s.grayscale());
        int c = src.length;
        float[] out = new float[c * s.height() * s.width()];
        for (int ch = 0; ch < c; ch++) {
            resize(src[ch], w, h, out, ch * s.height() * s.width(), s.width(), s.height());
        }
        return out;
    }

    /**
     * The image's pixels per channel (row by row), 0–255. Gray images are read from their raster as stored:
     * drawing them onto an RGB image would apply the gray colour space's gamma and brighten them.
     */
    private static float[][] channels(BufferedImage img, boolean grayscale) {
        int w = img.getWidth();
        int h = img.getHeight();
        boolean gray = img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && !(img.getColorModel() instanceof IndexColorModel);
        if (gray) {
            Raster r = img.getRaster();
            int bits = img.getColorModel().getComponentSize(0);
            float scale = bits == 8 ? 1f : 255f / ((1 << bits) - 1);
            float[] g = new float[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    g[y * w + x] = r.getSample(x, y, 0) * scale;
                }
            }
            return grayscale ? new float[][] {g} : new float[][] {g, g.clone(), g.clone()};
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        if (grayscale) {
            float[] g = new float[w * h];
            for (int i = 0; i < argb.length; i++) {
                int p = argb[i];
                float a = ((p >>> 24) & 0xff) / 255f; // transparent pixels count as black
                g[i] = a * (0.299f * ((p >> 16) & 0xff) + 0.587f * ((p >> 8) & 0xff) + 0.114f * (p & 0xff));
            }
            return new float[][] {g};
        }
        float[][] rgb = new float[3][w * h];
        for (int i = 0; i < argb.length; i++) {
            int p = argb[i];
            float a = ((p >>> 24) & 0xff) / 255f;
            rgb[0][i] = a * ((p >> 16) & 0xff);
            rgb[1][i] = a * ((p >> 8) & 0xff);
            rgb[2][i] = a * (p & 0xff);
        }
        return rgb;
    }

    /**
     * Resizes one channel: each target pixel is the mean of the source pixels whose centres fall inside it when
     * shrinking, and a bilinear sample at its centre otherwise (same size: an exact copy).
     */
    static void resize(float[] src, int sw, int sh, float[] dst, int offset, int dw, int dh) {
        double fx = (double) sw / dw;
        double fy = (double) sh / dh;
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                double v;
                if (fx > 1 || fy > 1) {
                    int x0 = (int) Math.ceil(x * fx - 0.5);
                    int x1 = (int) Math.ceil((x + 1) * fx - 0.5);
                    int y0 = (int) Math.ceil(y * fy - 0.5);
                    int y1 = (int) Math.ceil((y + 1) * fy - 0.5);
                    x1 = Math.max(x1, x0 + 1);
                    y1 = Math.max(y1, y0 + 1);
                    double sum = 0;
                    int count = 0;
                    for (int yy = Math.max(0, y0); yy < Math.min(sh, y1); yy++) {
                        for (int xx = Math.max(0, x0); xx < Math.min(sw, x1); xx++) {
                            sum += src[yy * sw + xx];
                            count++;
                        }
                    }
                    v = count == 0 ? 0 : sum / count;
                } else {
                    double sx = Math.min(sw - 1, Math.max(0, (x + 0.5) * fx - 0.5));
                    double sy = Math.min(sh - 1, Math.max(0, (y + 0.5) * fy - 0.5));
                    int ix = (int) sx;
                    int iy = (int) sy;
                    int ix1 = Math.min(sw - 1, ix + 1);
                    int iy1 = Math.min(sh - 1, iy + 1);
                    double ax = sx - ix;
                    double ay = sy - iy;
                    v = (1 - ay) * ((1 - ax) * src[iy * sw + ix] + ax * src[iy * sw + ix1])
                            + ay * ((1 - ax) * src[iy1 * sw + ix] + ax * src[iy1 * sw + ix1]);
                }
                dst[offset + y * dw + x] = (float) v;
            }
        }
    }

    private static boolean hidden(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
