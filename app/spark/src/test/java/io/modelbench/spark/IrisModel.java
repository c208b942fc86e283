package io.modelbench.spark;

import io.modelbench.cli.ModelBenchCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** One iris model trained by the CLI for the test classes of this module (trained once per test JVM). */
final class IrisModel {

    private static Path zip;

    private IrisModel() {
    }

    static synchronized Path zip() throws Exception {
        if (zip == null) {
            Path dir = Files.createTempDirectory("modelbench-spark-test");
            dir.toFile().deleteOnExit();
            Path z = dir.resolve("iris.zip");
            int code = ModelBenchCli.run(new String[] {"train", "--data", "sample:iris", "--epochs", "30", "--out", z.toString()},
                    new PrintStream(new ByteArrayOutputStream()), System.err);
            if (code != 0) {
                throw new IllegalStateException("CLI train exited " + code);
            }
            z.toFile().deleteOnExit();
            zip = z;
        }
        return zip;
    }
}
