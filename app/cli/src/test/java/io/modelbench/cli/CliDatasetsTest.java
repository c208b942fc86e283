package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Real-world-shaped tables on the command line: ids, text, categories, missing values. */
class CliDatasetsTest {

    /** 300 customers: id, age (some missing), plan (3 categories), active (yes/no), note (free text), churned. */
    static Path customers(Path dir) throws IOException {
        Random rnd = new Random(3);
        StringBuilder sb = new StringBuilder("customer_id;age;plan;active;note;churned\n");
        String[] plans = {"basic", "plus", "pro"};
        for (int i = 0; i < 300; i++) {
            int age = 18 + rnd.nextInt(60);
            String plan = plans[rnd.nextInt(3)];
            boolean active = rnd.nextBoolean();
            boolean churn = (plan.equals("basic") ? 2 : 0) + (active ? -2 : 1) + (age < 30 ? 1 : 0) + rnd.nextGaussian() * 0.3 > 0.5;
            sb.append("C").append(10000 + i).append(';').append(i % 15 == 0 ? "NA" : String.valueOf(age)).append(';')
                    .append(plan).append(';').append(active ? "yes" : "no").append(";\"called on day ").append(rnd.nextInt(1000))
                    .append("; asked about ").append(plans[rnd.nextInt(3)]).append("\";").append(churn ? "yes" : "no").append('\n');
        }
        Path f = dir.resolve("customers.csv");
        Files.writeString(f, sb.toString());
        return f;
    }

    @Test
    void inspectGivesAnAnalystsHintsOnStderrAndInTheJson(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("passengers.csv");
        Files.writeString(f, "pclass,class_name,deck,survived\n1,First,C,1\n3,Third,,0\n3,Third,,0\n2,Second,,1\n1,First,,1\n3,Third,,0\n");
        CliRun run = CliRun.of("inspect", f);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).contains("hint: class_name: repeats 'pclass'").contains("--ignore class_name")
                .contains("hint: deck: 83 % of its cells are empty");
        JsonNode hints = CliRun.parse(run.out().strip()).get("hints");
        assertThat(hints).hasSize(2);
        assertThat(hints.get(0).get("action").asText()).isNotBlank();
    }

    @Test
    void inspectPrintsTheInferredSchema(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of("inspect", customers(dir));
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode j = CliRun.parse(run.out().strip());
        assertThat(j.get("rows").asInt()).isEqualTo(300);
        JsonNode cols = j.get("columns");
        assertThat(cols.get(0).get("name").asText()).isEqualTo("customer_id");
        assertThat(cols.get(0).get("type").asText()).isEqualTo("text");
        assertThat(cols.get(0).get("note").asText()).isEqualTo("identifier");
        assertThat(cols.get(1).get("type").asText()).isEqualTo("integer");
        assertThat(cols.get(1).get("missing").asInt()).isEqualTo(20);
        assertThat(cols.get(2).get("type").asText()).isEqualTo("categorical");
        assertThat(cols.get(2).get("distinct").asInt()).isEqualTo(3);
        assertThat(cols.get(3).get("type").asText()).isEqualTo("boolean");
        assertThat(cols.get(4).get("type").asText()).isEqualTo("text");
    }

    @Test
    void trainsOnCategoriesAndMissingValuesAndSaysWhatItLeftOut(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("churn.zip");
        CliRun run = CliRun.of("train", "--data", customers(dir), "--target", "churned", "--out", model, "--epochs", "40", "-q");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode j = CliRun.parse(run.out().strip());
        assertThat(j.get("task").asText()).isEqualTo("classification");
        assertThat(j.get("inputs").toString()).isEqualTo("[\"age\",\"plan\",\"active\"]");
        assertThat(j.get("left_out").get("customer_id").asText()).isEqualTo("identifier");
        assertThat(j.get("left_out").has("note")).isTrue();
        assertThat(j.get("test").get("accuracy").asDouble()).isGreaterThan(0.8);

        CliRun dropped = CliRun.of("train", "--data", dir.resolve("customers.csv"), "--target", "churned", "--out", model,
                "--epochs", "2", "--missing", "drop", "--normalize", "min-max", "--weight-classes", "-q");
        assertThat(dropped.exitCode()).as(dropped.toString()).isZero();
        assertThat(CliRun.parse(dropped.out().strip()).get("dropped_rows").asInt()).isEqualTo(20);

        CliRun predict = CliRun.of("predict", "--model", model, "--data", dir.resolve("customers.csv"));
        assertThat(predict.exitCode()).as(predict.toString()).isZero();
        assertThat(predict.out().lines().count()).isEqualTo(301);
    }

    @Test
    void optimizerScheduleAndEarlyStoppingFromTheCommandLine(@TempDir Path dir) {
        CliRun run = CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("m.zip"), "--epochs", "300",
                "--optimizer", "nesterov", "--lr", "0.01", "--lr-schedule", "cosine", "--early-stopping", "5");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode j = CliRun.parse(run.out().strip());
        assertThat(j.get("epochs").asInt()).isLessThan(300);
        assertThat(j.get("stopped_early").asBoolean()).isTrue();
        assertThat(j.get("stop_note").asText()).contains("early stopping");
        assertThat(j.get("kept_epoch").asInt()).isEqualTo(j.get("epochs").asInt() - 5);
        assertThat(run.err()).contains("lr ").contains("stopped after");
        CliRun bad = CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("m.zip"), "--optimizer", "lbfgs");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err().strip()).startsWith("error: setting 'optimizer' = 'lbfgs'");
    }

    @Test
    void checkpointThenResumeCountsEveryEpoch(@TempDir Path dir) {
        Path ck = dir.resolve("ck");
        CliRun first = CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("a.zip"), "--epochs", "4",
                "--checkpoint-dir", ck, "-q");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(ck.resolve("last.zip")).exists();
        CliRun resumed = CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("b.zip"), "--epochs", "9",
                "--resume", ck, "-q");
        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(CliRun.parse(resumed.out().strip()).get("epochs").asInt()).isEqualTo(9);
        CliRun straight = CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("c.zip"), "--epochs", "9", "-q");
        assertThat(CliRun.parse(resumed.out().strip()).get("test").toString())
                .isEqualTo(CliRun.parse(straight.out().strip()).get("test").toString());
        CliRun wrong = CliRun.of("train", "--data", "sample:iris", "--out", dir.resolve("d.zip"), "--resume", dir.resolve("nothing"));
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("holds no checkpoint");
    }

    @Test
    void reportWritesOneSelfContainedHtmlFile(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("m.zip");
        assertThat(CliRun.of("train", "--data", "sample:iris", "--out", model, "--epochs", "10", "-q").exitCode()).isZero();
        Path html = dir.resolve("report.html");
        CliRun run = CliRun.of("report", "--model", model, "--data", "sample:iris", "--out", html);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String text = Files.readString(html);
        assertThat(text).startsWith("<!DOCTYPE html>").contains("Confusion matrix").contains("<svg").contains("Accuracy");
        assertThat(CliRun.parse(run.out().strip()).get("rows").asInt()).isEqualTo(150);
    }

    /** The evaluate figures, recomputed here from nothing but the predictions CSV (no ModelBench code). */
    @Test
    void evaluateAgreesWithAnIndependentComputationFromThePredictionsCsv(@TempDir Path dir) throws IOException {
        Path model = dir.resolve("wine.zip");
        assertThat(CliRun.of("train", "--data", "sample:wine", "--out", model, "--epochs", "15", "-q").exitCode()).isZero();
        Path csv = dir.resolve("p.csv");
        assertThat(CliRun.of("predict", "--model", model, "--data", "sample:wine", "--out", csv).exitCode()).isZero();
        JsonNode eval = CliRun.parse(CliRun.of("evaluate", "--model", model, "--data", "sample:wine").out().strip()).get("test");

        java.util.List<String> lines = Files.readAllLines(csv);
        java.util.List<String> header = java.util.List.of(lines.get(0).split(","));
        int actualCol = header.indexOf("cultivar");
        int predCol = header.indexOf("prediction");
        java.util.Map<String, int[]> counts = new java.util.TreeMap<>(); // label -> {tp, predicted, actual}
        int correct = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            String a = f[actualCol];
            String p = f[predCol];
            counts.computeIfAbsent(a, k -> new int[3])[2]++;
            counts.computeIfAbsent(p, k -> new int[3])[1]++;
            if (a.equals(p)) {
                correct++;
                counts.get(a)[0]++;
            }
        }
        double f1Sum = 0;
        for (int[] c : counts.values()) {
            double precision = c[1] == 0 ? 0 : (double) c[0] / c[1];
            double recall = c[2] == 0 ? 0 : (double) c[0] / c[2];
            f1Sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
        int n = lines.size() - 1;
        assertThat(n).isEqualTo(178);
        assertThat(eval.get("accuracy").asDouble()).isCloseTo((double) correct / n, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(eval.get("f1_macro").asDouble()).isCloseTo(f1Sum / counts.size(), org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void badPreparationSettingsAreNamed(@TempDir Path dir) throws IOException {
        Path f = customers(dir);
        CliRun run = CliRun.of("train", "--data", f, "--target", "churned", "--out", dir.resolve("m.zip"), "--normalize", "log");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("error: setting 'normalization' = 'log'");
        CliRun type = CliRun.of("train", "--data", f, "--target", "churned", "--out", dir.resolve("m.zip"), "--type", "plan=colour");
        assertThat(type.exitCode()).isEqualTo(2);
        assertThat(type.err().strip()).contains("column type");
    }
}
