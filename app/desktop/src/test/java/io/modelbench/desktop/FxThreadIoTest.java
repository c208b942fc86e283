package io.modelbench.desktop;

import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard used by the window tests bites: a file written on the JavaFX thread is listed, one written elsewhere is not. */
@ExtendWith(ApplicationExtension.class)
class FxThreadIoTest {

    @Start
    void start(Stage stage) {
        stage.show();
    }

    @Test
    void aFileWrittenOnTheJavaFxThreadIsListedAndOneWrittenOnAnotherThreadIsNot(FxRobot robot) throws Exception {
        AtomicLong fxThread = new AtomicLong();
        robot.interact(() -> fxThread.set(Thread.currentThread().getId()));
        Path onFx = Files.createTempFile("on-fx-thread", ".txt");
        Path offFx = Files.createTempFile("off-fx-thread", ".txt");
        List<String> found;
        try (FxThreadIo guard = FxThreadIo.start(fxThread.get())) {
            robot.interact(() -> writeFromModelBenchCode(onFx));
            writeFromModelBenchCode(offFx);
            found = guard.violations();
        } finally {
            Files.deleteIfExists(onFx);
            Files.deleteIfExists(offFx);
        }
        assertThat(found).anyMatch(line -> line.startsWith("jdk.FileWrite") && line.contains(onFx.getFileName().toString())
                && line.contains("FxThreadIoTest.writeFromModelBenchCode"));
        assertThat(found).noneMatch(line -> line.contains(offFx.getFileName().toString()));
    }

    private static void writeFromModelBenchCode(Path file) {
        try {
            Files.writeString(file, "written");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
