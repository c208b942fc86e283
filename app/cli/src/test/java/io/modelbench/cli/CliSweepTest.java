package io.modelbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelbench.engine.TestTables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code modelbench sweep}: issue 16's check (a table ModelBench never saw: the breast cancer sample with its columns and classes
 * renamed and its rows shuffled; a 6-trial random sweep finishes at least 5 trials and its
 * best.zip reaches 0.95 test accuracy), the JSON's shape, and bad input refused in one line.
 */
class CliSweepTest {

    @TempDir
    static Path dir;
    static Path unseen;
    static Path space;
    static CliRun sweep;

    @BeforeAll
    static void sweepATableNeverSeen() throws IOException {
        List<String> lines = Files.readAllLines(TestTables.sampleFile("breast_cancer", Files.createDirectories(dir.resolve("data"))));
        String[] header = lines.get(0).split(",");
        int target = List.of(header).indexOf("diagnosis");
        List<String> out = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < header.length; c++) {
            names.add(c == target ? "finding" : "x" + c);
        }
        List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
        Collections.shuffle(rows, new Random(11));
        out.add(String.join(";", names)); // and another delimiter
        for (String row : rows) {
            String[] cells = row.split(",");
            cells[target] = "kind-" + cells[target].trim();
            out.add(String.join(";", cells));
        }
        unseen = dir.resolve("clinic.csv");
        Files.write(unseen, out);
        // the default space trains each trial as long as train would (about 3,000 updates): 30 epochs keep CI's time small
        space = Files.writeString(dir.resolve("space.json"), "{\"learning_rate\": {\"min\": 0.001, \"max\": 0.03, \"scale\": \"log\"}, "
                + "\"hidden\": [[32, 16], [64, 32]], \"dropout\": {\"min\": 0, \"max\": 0.3}, \"epochs\": 30}");
        sweep = CliRun.of("sweep", "--data", unseen, "--target", "finding", "--trials", 6, "--search", "random", "--space", space,
                "--parallel", 2, "--seed", 3, "--out", dir.resolve("sweep"));
    }

    @Test
    void aRandomSweepOnATableNeverSeenFinishesItsTrialsAndItsBestModelReaches95Percent() {
        assertThat(sweep.exitCode()).as(sweep.toString()).isZero();
        JsonNode r = sweep.json();
        List<String> statuses = new ArrayList<>();
        r.path("trials").forEach(t -> statuses.add(t.path("status").asText()));
        assertThat(statuses).hasSize(6);
        assertThat(statuses.stream().filter(s -> s.equals("finished") || s.equals("stopped_early"))).hasSizeGreaterThanOrEqualTo(5);
        Path best = dir.resolve("sweep").resolve("best.zip");
        assertThat(r.path("best").path("model").asText()).isEqualTo(best.toAbsolutePath().toString());
        assertThat(best).isRegularFile();
        assertThat(r.path("best").path("test").path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.95);
        // the best model file alone, evaluated on the whole table, agrees
        CliRun eval = CliRun.of("evaluate", "--model", best, "--data", unseen);
        assertThat(eval.exitCode()).as(eval.toString()).isZero();
        assertThat(eval.json().path("test").path("accuracy").asDouble()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void theLastStdoutLineIsTheIssuesJsonAndStderrHasOneLinePerTrial() {
        assertThat(sweep.outLines()).hasSize(1);
        JsonNode r = sweep.json();
        assertThat(fields(r)).containsExactly("trials", "best");
        r.path("trials").forEach(t -> {
            assertThat(fields(t)).containsExactly("params", "validation", "epochs", "status", "seconds");
            assertThat(fields(t.path("params"))).containsExactly("learning_rate", "hidden", "dropout", "epochs");
            assertThat(t.path("validation").has("accuracy")).isTrue();
            assertThat(t.path("epochs").asInt()).isPositive();
            assertThat(t.path("seconds").asDouble()).isPositive();
        });
        assertThat(fields(r.path("best"))).containsExactly("params", "validation", "test", "model");
        assertThat(sweep.errLines().stream().filter(l -> l.matches("trial \\d/6 .*"))).hasSize(6);
        assertThat(dir.resolve("sweep").resolve("sweep.json")).isRegularFile();
        assertThat(dir.resolve("sweep").resolve("runs")).isDirectory();
    }

    @Test
    void theSameCommandAgainContinuesTheSweepWithNothingLeftToTrain() {
        CliRun again = CliRun.of("sweep", "--data", unseen, "--target", "finding", "--trials", 6, "--search", "random", "--space", space,
                "--parallel", 2, "--seed", 3, "--out", dir.resolve("sweep"));
        assertThat(again.exitCode()).as(again.toString()).isZero();
        assertThat(again.json()).isEqualTo(sweep.json());
    }

    @Test
    void badInputIsOneLineAndExitStatus2WithNothingWritten(@TempDir Path tmp) throws IOException {
        Path badJson = Files.writeString(tmp.resolve("bad.json"), "{\"learning_rate\": [0.1,");
        Path unknown = Files.writeString(tmp.resolve("unknown.json"), "{\"lr\": [0.1]}");
        Path empty = Files.writeString(tmp.resolve("empty.json"), "{\"dropout\": {\"min\": 0.5, \"max\": 0.1}}");
        Path none = Files.writeString(tmp.resolve("none.json"), "{\"batch_size\": []}");
        Object[][] cases = {
                {"--space", badJson, "--trials", 3, "bad.json: is not valid JSON"},
                {"--space", unknown, "--trials", 3, "'lr' is not valid"},
                {"--space", empty, "--trials", 3, "min is at most its max"},
                {"--space", none, "--trials", 3, "at least one value"},
                {"--trials", 0, "--search", "random", "'--trials' = '0'"},
        };
        for (Object[] c : cases) {
            List<Object> args = new ArrayList<>(List.of("sweep", "--data", "sample:iris", "--search", "random", "--out", tmp.resolve("out")));
            args.addAll(List.of(c).subList(0, c.length - 1));
            if (args.stream().filter("--search"::equals).count() > 1) {
                args.subList(args.size() - 2, args.size()).clear();
            }
            CliRun r = CliRun.of(args.toArray());
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
            assertThat(r.errLines()).as(r.toString()).hasSize(1);
            assertThat(r.errLines().get(0)).startsWith("error: ").contains((String) c[c.length - 1]);
            assertThat(r.out()).isEmpty();
            assertThat(tmp.resolve("out")).doesNotExist();
        }
        CliRun other = CliRun.of("sweep", "--data", "sample:iris", "--search", "grid", "--trials", 2, "--out", dir.resolve("sweep"));
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.errLines()).singleElement().asString().contains("holds a sweep with other settings or data");
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
