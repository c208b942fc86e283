package io.modelbench.engine.data;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;

/**
 * The pixel limit on images, checked from the file's header before anything is decoded: a 948 KB PNG of 30000×30000
 * pixels made {@code train} and {@code predict} take 4.5 GB of memory (with a 1 GB heap: "Java heap space"). ImageIO's
 * reader gives the size from the header ({@link ImageReader#getWidth}) without reading the pixels. The limit is
 * {@value #DEFAULT_MAX_PIXELS} pixels (64 megapixels, a 9000×7000 photo fits), or the system property
 * {@value #PROPERTY}.
 */
public final class ImageLimit {

    public static final long DEFAULT_MAX_PIXELS = 64_000_000L;
    public static final String PROPERTY = "modelbench.maxImagePixels";

    private ImageLimit() {
    }

    /** An image over the pixel limit; the message says its size and the limit, the file is named by the caller. */
    public static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }

        /** What to do, for the message's second half. */
        public static String fix() {
            return "use a smaller image, or raise the limit with -D" + PROPERTY + "=PIXELS";
        }
    }

    /** The limit in pixels: the system property when it is a positive number, else the default. */
    public static long maxPixels() {
        Long v = Long.getLong(PROPERTY);
        return v != null && v > 0 ? v : DEFAULT_MAX_PIXELS;
    }

    /**
     * Throws {@link TooLarge} when the image in {@code bytes} is over the limit, reading only its header; does nothing
     * when no ImageIO reader recognises the bytes (decoding then says so).
     */
    public static void check(byte[] bytes) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                return;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                long max = maxPixels();
                if (w * h > max) {
                    throw new TooLarge(String.format(Locale.ROOT, "is %d×%d pixels (%.0f megapixels), over the limit of %.0f megapixels",
                            w, h, w * h / 1e6, max / 1e6));
                }
            } finally {
                reader.dispose();
            }
        }
    }
}
