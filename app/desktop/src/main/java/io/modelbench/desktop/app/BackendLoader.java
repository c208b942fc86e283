package io.modelbench.desktop.app;

import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Loads the native backend (ND4J, OpenBLAS) without racing another thread's loading of a native library.
 *
 * <p>JavaCPP 1.5.7, which DL4J 1.0.0-M2.1 is built on, looks up symbols while ND4J starts ({@code Loader.addressof}
 * for the BLAS and MKL functions) by calling {@code dlsym} inside a {@code dl_iterate_phdr} callback. glibc takes its
 * two loader locks in the opposite order in {@code dlopen}, so a library loaded by another thread at that moment
 * deadlocks both for good. Seen here twice in ~25 starts: the JavaFX thread loading its Pango font library while
 * the backend loaded; the window never painted and the JVM no longer answered jstack (gdb showed both threads in
 * glibc's loader locks). The JavaCPP code is compiled into the presets' JNI libraries, so no newer JavaCPP jar can
 * replace it. Hence, here:
 * <ul>
 * <li>the app starts the load after its first frame, when JavaFX and GTK have loaded what they need to paint;</li>
 * <li>the JDK libraries the app loads later on other threads (AWT imaging and fonts for charts and image folders,
 * JPEG decoding, colour management) are loaded first, on this thread;</li>
 * <li>the load holds JavaFX's own native-library lock ({@code NativeLibLoader}'s class monitor), so a JavaFX library
 * wanted meanwhile waits for the backend instead of deadlocking with it.</li>
 * </ul>
 */
final class BackendLoader {

    private static final Logger LOG = LoggerFactory.getLogger(BackendLoader.class);

    private BackendLoader() {
    }

    static BackendStatus load() {
        long t0 = System.nanoTime();
        preloadJdkLibraries();
        long t1 = System.nanoTime();
        Object lock = javafxNativeLibraryLock();
        synchronized (lock) {
            BackendStatus s = NativeEnvironment.load();
            LOG.info("Backend loaded in {} ms (JDK libraries first: {} ms)", (System.nanoTime() - t0) / 1_000_000,
                    (t1 - t0) / 1_000_000);
            return s;
        }
    }

    /** AWT imaging and fonts, JPEG and colour management: each loads a native library the first time. */
    static void preloadJdkLibraries() {
        try {
            BufferedImage image = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            g.drawString("0", 0, 1);
            g.getFontMetrics().stringWidth("0");
            g.dispose();
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            ImageIO.write(image, "jpeg", jpeg);
            ImageIO.read(new ByteArrayInputStream(jpeg.toByteArray()));
            ColorSpace.getInstance(ColorSpace.CS_GRAY).toRGB(new float[] {0.5f});
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.debug("Could not load a JDK library ahead (it loads when first used)", e);
        }
    }

    /** The monitor JavaFX holds while it loads a native library; a private lock if JavaFX is not there. */
    private static Object javafxNativeLibraryLock() {
        try {
            return Class.forName("com.sun.glass.utils.NativeLibLoader", false, BackendLoader.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return new Object();
        }
    }
}
