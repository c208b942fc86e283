package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.SeriesSettings;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.nativeenv.NativeEnvironment;
import io.modelbench.engine.project.Project;
import io.modelbench.engine.project.RecentProjects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Data page's series settings beyond the time column (issue 15): id column, stride, covariates, missing steps and
 * period offered and passed to the run as {@code train}'s series options pass them, the chart with the split's spans,
 * and a project that reopens as the same series.
 */
class SeriesSettingsPageTest {

    private final Executor direct = Runnable::run;

    @AfterEach
    void threads() {
        NativeEnvironment.setThreads(0);
    }

    private MainViewModel app(Workspace ws, Path recent) {
        MainViewModel vm = new MainViewModel(ws, direct, direct, UiScheduler.immediate(), new RecentProjects(recent));
        vm.loadBackend(NativeEnvironment::load, direct, UiScheduler.immediate());
        return vm;
    }

    /** Two shops, 60 months each, sales with a yearly season and a price effect; one shop's sales cell left empty. */
    static Path shops(Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("shop,month,price,promo,sales\n");
        for (String shop : List.of("north", "south")) {
            for (int m = 0; m < 60; m++) {
                double price = 10 + (m % 5);
                int promo = m % 7 == 0 ? 1 : 0;
                double sales = 100 + 20 * Math.sin(2 * Math.PI * m / 12) - 3 * price + 15 * promo + (shop.equals("south") ? 40 : 0);
                String cell = shop.equals("north") && m == 30 ? "" : String.format(java.util.Locale.ROOT, "%.2f", sales);
                csv.append(shop).append(',').append(2015 + m / 12).append('-').append(String.format("%02d", m % 12 + 1)).append(',')
                        .append(price).append(',').append(promo).append(',').append(cell).append('\n');
            }
        }
        Path file = dir.resolve("shops.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void everySeriesSettingReachesTheRunAsTrainsSeriesOptionsBuildThem(@TempDir Path dir) throws Exception {
        Workspace ws = new Workspace();
        MainViewModel vm = app(ws, dir.resolve("recent.txt"));
        vm.data().openFile(shops(dir));
        vm.data().targetColumnProperty().set("sales");
        SeriesChoice series = vm.data().series();
        assertThat(series.getTimeColumns()).containsExactly(SeriesChoice.NONE, "month");
        series.timeColumnProperty().set("month");
        // offered: any other column tells series apart; the numeric ones (not the time, not the target) are covariates
        assertThat(series.getIdColumns()).containsExactly(SeriesChoice.NONE, "shop", "price", "promo");
        assertThat(series.getCovariateColumns()).containsExactly("price", "promo");

        series.idColumnProperty().set("shop");
        series.getCovariates().setAll("price", "promo");
        series.windowProperty().set("6");
        series.strideProperty().set("2");
        series.missingProperty().set("drop");
        series.periodProperty().set("12");
        series.apply();
        assertThat(series.errorProperty().get()).isEmpty();
        // as train --time-column month --id-column shop --window 6 --stride 2 --covariates price,promo --missing-steps drop --period 12
        SeriesSettings expected = new SeriesSettings("month", "shop", 6, 1, 2, List.of("price", "promo"), "drop", 12);
        assertThat(ws.seriesProperty().get().settings()).isEqualTo(expected);
        assertThat(ws.seriesProperty().get().series()).hasSize(2);
        assertThat(series.statusProperty().get()).contains("in 2 series by 'shop'").contains("stride 2").contains("with price, promo");

        vm.train().epochsProperty().set("2");
        vm.train().threadsProperty().set("1");
        vm.train().start();
        assertThat(vm.train().errorProperty().get()).isEmpty();
        ModelCard.SeriesInput card = ws.getOutcome().model().card().series();
        assertThat(card.settings()).isEqualTo(expected);
        assertThat(card.channels()).containsExactly("sales", "price", "promo");
        assertThat(card.periodSource()).isEqualTo("set");
        assertThat(ws.getOutcome().forecast().period()).isEqualTo(12);
    }

    @Test
    void theChartHoldsTheSeriesAndTheEnginesSplitAndABadSettingIsNamed(@TempDir Path dir) throws Exception {
        MainViewModel vm = app(new Workspace(), dir.resolve("recent.txt"));
        vm.data().openSample(Samples.find("co2_weekly"));
        SeriesChoice series = vm.data().series();
        assertThat(series.chartProperty().get()).isNull();
        series.timeColumnProperty().set("date");
        Datasets.SeriesChart c = series.chartProperty().get();
        assertThat(c).isNotNull();
        assertThat(c.steps()).isEqualTo(vm.data().tableProperty().get().rowCount());
        assertThat(c.lines().get(0).size()).isLessThanOrEqualTo(SeriesChoice.CHART_POINTS);
        assertThat(c.start()).isLessThan(c.validationStart());
        assertThat(c.validationStart()).isLessThan(c.testStart());
        assertThat(c.testStart()).isLessThan(c.end());
        assertThat(series.spansProperty().get()).contains("test: ").contains(c.testTime()).contains("validation: ");

        series.strideProperty().set("every other");
        series.apply();
        assertThat(series.errorProperty().get()).contains("stride").contains("every other");
        series.strideProperty().set("1");
        series.periodProperty().set("-3");
        series.apply();
        assertThat(series.errorProperty().get()).contains("period");
        series.periodProperty().set("");
        series.getCovariates().setAll("date");   // not offered: the time column
        assertThat(series.getCovariates()).containsExactly("date");
        series.getCovariates().clear();
        series.apply();
        assertThat(series.errorProperty().get()).isEmpty();
        assertThat(series.chartProperty().get()).isNotNull();

        series.timeColumnProperty().set(SeriesChoice.NONE);
        assertThat(series.chartProperty().get()).isNull();
        assertThat(series.spansProperty().get()).isEmpty();
    }

    @Test
    void aProjectSavedWithASeriesReopensAsTheSameSeries(@TempDir Path dir) throws Exception {
        Path recent = dir.resolve("recent.txt");
        Workspace ws = new Workspace();
        MainViewModel vm = app(ws, recent);
        vm.data().openFile(shops(dir));
        vm.data().targetColumnProperty().set("sales");
        SeriesChoice series = vm.data().series();
        series.timeColumnProperty().set("month");
        series.idColumnProperty().set("shop");
        series.getCovariates().setAll("promo");
        series.windowProperty().set("8");
        series.horizonProperty().set("2");
        series.strideProperty().set("3");
        series.missingProperty().set("drop");
        series.periodProperty().set("12");
        series.apply();
        SeriesSettings saved = ws.seriesProperty().get().settings();
        vm.train().epochsProperty().set("7");
        Path root = dir.resolve("sales");
        vm.project().newProject(root);
        assertThat(Project.open(root).state().dataset().series()).isEqualTo(saved);

        Workspace ws2 = new Workspace();
        MainViewModel again = app(ws2, recent);
        again.project().openProject(root);
        assertThat(again.project().errorProperty().get()).isEmpty();
        SeriesChoice reopened = again.data().series();
        assertThat(ws2.seriesProperty().get()).isNotNull();
        assertThat(ws2.seriesProperty().get().settings()).isEqualTo(saved);
        assertThat(reopened.timeColumnProperty().get()).isEqualTo("month");
        assertThat(reopened.idColumnProperty().get()).isEqualTo("shop");
        assertThat(reopened.getCovariates()).containsExactly("promo");
        assertThat(reopened.windowProperty().get()).isEqualTo("8");
        assertThat(reopened.horizonProperty().get()).isEqualTo("2");
        assertThat(reopened.strideProperty().get()).isEqualTo("3");
        assertThat(reopened.missingProperty().get()).isEqualTo("drop");
        assertThat(reopened.periodProperty().get()).isEqualTo("12");
        assertThat(reopened.chartProperty().get()).isNotNull();
        // the project's own settings come after the series' defaults
        assertThat(again.train().epochsProperty().get()).isEqualTo("7");
        assertThat(again.model().currentSpec().hasSequenceLayers()).isTrue();

        // back to a table: the project forgets the series
        reopened.timeColumnProperty().set(SeriesChoice.NONE);
        again.project().saveNow();
        assertThat(Project.open(root).state().dataset().series()).isNull();
    }
}
