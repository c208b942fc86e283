package io.modelbench.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The desktop app as a user meets it, measured from outside: time to the first window (the app writes it to
 * {@code -Dmodelbench.startup.report}) over several cold starts, and the longest time the JavaFX thread goes
 * without a frame while a training session runs at full speed and its result is published (the app's stall
 * monitor writes it to {@code -Dmodelbench.stall.report}; the screenshot script drives the session). Needs a
 * display (Xvfb is fine: {@code xvfb-run -a}); without one the part is skipped. The app is a separate process, so
 * the bench itself does not depend on JavaFX.
 */
final class UiBench {

    record Result(List<Double> firstWindowMillis, List<String> stalls) {
    }

    private UiBench() {
    }

    static boolean hasDisplay() {
        String d = System.getenv("DISPLAY");
        return d != null && !d.isBlank();
    }

    static Result run(Path desktopJar, Path work, int starts, Consumer<String> log) throws IOException, InterruptedException {
        List<Double> first = new ArrayList<>();
        for (int i = 0; i < starts; i++) {
            Path report = work.resolve("first-window-" + i + ".txt");
            Files.deleteIfExists(report);
            Process p = start(desktopJar, work, List.of("-Dmodelbench.startup.report=" + report, "-Dmodelbench.reopen=false"));
            try {
                double ms = waitForNumber(report, 60);
                first.add(ms);
                log.accept(String.format(Locale.ROOT, "  start %d/%d: first window after %.0f ms", i + 1, starts, ms));
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
        List<String> stalls = new ArrayList<>();
        for (String[] c : new String[][] {{"iris", "50", "Iris MLP, 50 epochs"}, {"digits_images", "10", "digits CNN, 10 epochs"}}) {
            Path report = work.resolve("stall-" + c[0] + ".txt");
            Files.deleteIfExists(report);
            Process p = start(desktopJar, work, List.of("-Dmodelbench.stallmonitor=true", "-Dmodelbench.stall.report=" + report,
                    "-Dmodelbench.screenshot=" + work.resolve("stall-" + c[0] + ".png"), "-Dmodelbench.screenshot.page=train",
                    "-Dmodelbench.screenshot.sample=" + c[0], "-Dmodelbench.screenshot.epochs=" + c[1]));
            try {
                String line = waitForText(report, 600);
                String[] f = line.split(" ", 3);
                String text = String.format(Locale.ROOT, "%s: longest frame gap %s ms over %s frames; gaps over 100 ms: %s",
                        c[2], f[0], f[1], f.length > 2 && !f[2].isBlank() ? f[2].replace(";", ", ") : "none");
                stalls.add(text);
                log.accept("  " + text);
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
        return new Result(first, stalls);
    }

    /** The app as the README starts it (same GC option), logs to the bench's folder. */
    private static Process start(Path jar, Path work, List<String> props) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:MaxGCPauseMillis=40", "-Dmodelbench.log.dir=" + work.resolve("ui-logs")));
        cmd.addAll(props);
        cmd.add("-jar");
        cmd.add(jar.toString());
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("ui-app.log").toFile()).start();
    }

    private static double waitForNumber(Path f, int seconds) throws IOException, InterruptedException {
        return Double.parseDouble(waitForText(f, seconds).trim());
    }

    private static String waitForText(Path f, int seconds) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (Files.isRegularFile(f) && Files.size(f) > 0) {
                Thread.sleep(100);
                return Files.readString(f);
            }
            Thread.sleep(100);
        }
        throw new IOException("the app wrote no " + f.getFileName() + " within " + seconds + " s (see ui-app.log)");
    }
}
