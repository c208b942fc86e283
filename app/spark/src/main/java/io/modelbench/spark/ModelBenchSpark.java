package io.modelbench.spark;

import io.modelbench.engine.api.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code modelbench-spark.jar}: ModelBench's scoring and sweeps as Apache Spark jobs. The same jar runs with
 * {@code java -jar} (Spark from the {@code spark-lib/} folder beside it, {@code --master local[N]} or a cluster URL) and
 * with {@code spark-submit} (Spark from the cluster). Exit status as the CLI's: 0 done, 2 bad input (one line on
 * stderr naming the file, row, column or setting), 1 anything else.
 */
@Command(name = "modelbench-spark",
        mixinStandardHelpOptions = true,
        versionProvider = ModelBenchSpark.VersionProvider.class,
        description = "ModelBench on Apache Spark: score large tables and run sweeps as Spark jobs.",
        subcommands = {PredictJob.class, SweepJob.class})
public final class ModelBenchSpark implements Callable<Integer> {

    static final int EXIT_INPUT = 2;
    static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_INPUT;
    }

    public static void main(String[] args) {
        PrintStream stdout = System.out;
        // what libraries print with System.out lands on stderr: stdout's last line is the JSON result
        System.setOut(System.err);
        int code = run(args, stdout, System.err);
        stdout.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs a command with the given streams and returns its exit status (for tests). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        try {
            return new CommandLine(new ModelBenchSpark()).setOut(o).setErr(e)
                    .setExecutionExceptionHandler((ex, cl, parsed) -> failed(ex, cl.getErr()))
                    .setParameterExceptionHandler((ex, a) -> {
                        ex.getCommandLine().getErr().println("error: " + oneLine(ex.getMessage()) + "; see '"
                                + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
                        return EXIT_INPUT;
                    })
                    .execute(args);
        } catch (Throwable t) {
            return failed(t, e);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** Bad input (also when an executor found it: Spark hands the task's exception back as the cause): exit 2, one line. */
    static int failed(Throwable t, PrintWriter err) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InputException ie) {
                err.println("error: " + oneLine(ie.getMessage()));
                err.flush();
                return EXIT_INPUT;
            }
        }
        err.println("error: unexpected failure: " + oneLine(io.modelbench.engine.app.Failures.message(t)));
        t.printStackTrace(err);
        err.flush();
        return EXIT_FAILURE;
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** The version of this jar and of the Spark it runs on. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"modelbench-spark " + io.modelbench.engine.Versions.modelBench()
                    + " on Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
        }
    }
}
