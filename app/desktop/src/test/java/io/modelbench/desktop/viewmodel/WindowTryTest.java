package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.SeriesDataset;
import io.modelbench.engine.data.SeriesWindows;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Try it for a forecasting model (issue 15): the last N values typed or pasted give the forecast for the model's
 * horizon — for the data's own last window, the forecast {@code predict} makes for the step after the data ends —
 * and a wrong count or a value that is not a number is said in one line with what the model needs.
 */
class WindowTryTest {

    private final Executor direct = Runnable::run;

    @AfterEach
    void threads() {
        NativeEnvironment.setThreads(0);
    }

    @Test
    void theLastValuesGiveTheForecastPredictMakesAndBadInputIsSaidInOneLine() {
        Workspace ws = new Workspace();
        MainViewModel vm = new MainViewModel(ws, direct, direct, UiScheduler.immediate());
        vm.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
        vm.data().openSample(Samples.find("sunspots"));
        WindowTry window = vm.tryIt().window();
        vm.data().series().windowProperty().set("6");
        vm.data().series().horizonProperty().set("2");
        vm.data().series().timeColumnProperty().set("YEAR");
        vm.train().epochsProperty().set("2");
        vm.train().threadsProperty().set("1");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();

        assertThat(window.forecastingProperty().get()).isTrue();
        assertThat(window.neededProperty().get()).contains("the last 6 values of SUNACTIVITY, oldest first");
        assertThat(window.getSeriesIds()).isEmpty();   // one series: nothing to pick
        // filled with the data's last six years; the forecast is the one for two years after the data ends
        SeriesDataset d = ws.seriesProperty().get();
        double[] y = d.series().get(0).target();
        String last = Arrays.stream(Arrays.copyOfRange(y, y.length - 6, y.length)).mapToObj(v -> trim(v)).collect(Collectors.joining(", "));
        assertThat(window.textProperty().get()).isEqualTo(last);
        SeriesWindows future = SeriesWindows.of(d, true);
        double[] predicted = ws.getOutcome().model().forecast(future);
        double expected = predicted[predicted.length - 1];
        assertThat(future.time()[future.size() - 1]).isEqualTo("2010");
        assertThat(window.errorProperty().get()).isEmpty();
        assertThat(window.forecastProperty().get()).startsWith("SUNACTIVITY 2 steps (1 year each) after the last value given: ");
        assertThat(valueOf(window.forecastProperty().get())).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-3 * Math.max(1, Math.abs(expected))));

        // pasted from a spreadsheet column: one value a line, with a blank line at the end
        window.textProperty().set(last.replace(", ", "\n") + "\n\n");
        assertThat(window.errorProperty().get()).isEmpty();
        assertThat(valueOf(window.forecastProperty().get())).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-3 * Math.max(1, Math.abs(expected))));

        window.textProperty().set("12, 30.5, 44");
        assertThat(window.forecastProperty().get()).isEmpty();
        assertThat(window.errorProperty().get()).contains("3 values").contains("reads 6").contains("6 numbers").doesNotContain("\n");
        window.textProperty().set("12 30.5 n/a 44 50 61");
        assertThat(window.errorProperty().get()).contains("'n/a'").contains("not a number");
        window.textProperty().set("");
        assertThat(window.errorProperty().get()).isEmpty();
        assertThat(window.forecastProperty().get()).isEmpty();
        window.fillFromData();
        assertThat(window.textProperty().get()).isEqualTo(last);
        assertThat(window.forecastProperty().get()).isNotEmpty();

        // a table model takes a row again
        vm.data().series().timeColumnProperty().set(SeriesChoice.NONE);
        ws.outcomeProperty().set(null);
        assertThat(window.forecastingProperty().get()).isFalse();
        assertThat(window.textProperty().get()).isEmpty();
    }

    @Test
    void withAnIdColumnTheUserPicksWhichSeriesFillsTheWindow(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Workspace ws = new Workspace();
        MainViewModel vm = new MainViewModel(ws, direct, direct, UiScheduler.immediate());
        vm.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
        vm.data().openFile(SeriesSettingsPageTest.shops(dir));
        vm.data().targetColumnProperty().set("sales");
        SeriesChoice series = vm.data().series();
        series.windowProperty().set("4");
        series.timeColumnProperty().set("month");
        series.idColumnProperty().set("shop");
        series.apply();
        vm.train().epochsProperty().set("1");
        vm.train().threadsProperty().set("1");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();

        WindowTry window = vm.tryIt().window();
        assertThat(window.getSeriesIds()).containsExactly("north", "south");
        assertThat(window.seriesIdProperty().get()).isEqualTo("north");
        SeriesDataset d = ws.seriesProperty().get();
        assertThat(window.textProperty().get()).isEqualTo(last(d.series().get(0).target(), 4));
        String north = window.forecastProperty().get();
        assertThat(north).isNotEmpty();
        // the south shop's last four months (40 higher): another window, another forecast
        window.seriesIdProperty().set("south");
        assertThat(window.textProperty().get()).isEqualTo(last(d.series().get(1).target(), 4));
        assertThat(window.forecastProperty().get()).isNotEmpty().isNotEqualTo(north);
        window.textProperty().set("1 2 3 4");
        window.fillFromData();
        assertThat(window.textProperty().get()).isEqualTo(last(d.series().get(1).target(), 4));
    }

    private static String last(double[] y, int n) {
        return Arrays.stream(Arrays.copyOfRange(y, y.length - n, y.length)).mapToObj(v -> trim(v)).collect(Collectors.joining(", "));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static double valueOf(String sentence) {
        return Double.parseDouble(sentence.substring(sentence.lastIndexOf(' ') + 1).trim().toLowerCase(Locale.ROOT));
    }
}
