package io.modelbench.cli;

import io.modelbench.engine.Versions;
import io.modelbench.engine.api.BackendStatus;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.app.Backend;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The {@code modelbench} command: {@code train}, {@code evaluate}, {@code predict} and {@code inspect} on the engine.
 *
 * <p>The contract automation relies on: stdout carries only the command's result (one JSON line, or the
 * predictions CSV); progress and messages go to stderr. Exit status 0 on success, 2 for bad input (a file,
 * a row, a column, an option: exactly one line {@code error: ...} on stderr), 1 for anything unexpected (one
 * line on stderr, the stack trace in the failure log, and on stderr too with {@code --verbose}).
 */
@Command(name = "modelbench",
        mixinStandardHelpOptions = true,
        versionProvider = ModelBenchCli.VersionProvider.class,
        description = "Train, evaluate and use neural networks on tables, offline.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, InspectCommand.class, ReportCommand.class, ServeCommand.class,
                ExportCommand.class, OptimizeCommand.class, SweepCommand.class},
        usageHelpAutoWidth = true)
public final class ModelBenchCli implements Callable<Integer> {

    /** Exit status for bad input (files, rows, columns, options). */
    public static final int EXIT_INPUT = 2;
    /** Exit status for unexpected failures. */
    public static final int EXIT_FAILURE = 1;
    /** {@code -Dmodelbench.preload=false}: the native backend loads when the command needs it, as before (for the bench). */
    static final String PRELOAD_PROPERTY = "modelbench.preload";

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log more (io.modelbench at INFO) and print stack traces of unexpected failures.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The native backend loading since the command line started ({@link #preloads}), or null: the command loads it. */
    final CompletableFuture<BackendStatus> backend;

    public ModelBenchCli() {
        this(null);
    }

    ModelBenchCli(CompletableFuture<BackendStatus> backend) {
        this.backend = backend;
    }

    /** Without a subcommand: the usage on stderr, and the usage-error status. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_INPUT;
    }

    public static void main(String[] args) {
        io.modelbench.engine.io.PhaseClock.mark("JVM started, main class loaded");
        PrintStream stdout = System.out;
        // Whatever a library prints with System.out (banners, warnings) lands on stderr: stdout is the contract.
        System.setOut(System.err);
        boolean preload = preloads(args) && !"false".equals(System.getProperty(PRELOAD_PROPERTY));
        int code = run(args, stdout, System.err, () -> preload ? Backend.loadInBackground() : null);
        stdout.flush();
        io.modelbench.engine.io.PhaseClock.mark("result printed, System.exit");
        System.err.flush();
        System.exit(code);
    }

    /** Runs the command line with the given streams and returns the exit status (for tests). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, () -> null);
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream)}, with the native backend from {@code backend} (asked once,
     * as soon as the logging is set up; null: the command loads it itself when it needs it).
     */
    static int run(String[] args, PrintStream out, PrintStream err, Supplier<CompletableFuture<BackendStatus>> backend) {
        PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true);
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        CliLogging.configure(verbose);
        CompletableFuture<BackendStatus> started = backend.get();
        try {
            CommandLine cl = new CommandLine(new ModelBenchCli(started))
                    .setOut(o)
                    .setErr(e)
                    .setExecutionExceptionHandler(ModelBenchCli::handleExecutionException)
                    .setParameterExceptionHandler(ModelBenchCli::handleParameterException)
                    .setExecutionStrategy(parsed -> {
                        io.modelbench.engine.io.PhaseClock.mark("command line parsed (logback, picocli)");
                        return new CommandLine.RunLast().execute(parsed);
                    });
            return cl.execute(args);
        } catch (Throwable t) {
            // Errors (out of memory, a native library that does not link) are not handled by picocli.
            return unexpected(t, args, e, verbose);
        } finally {
            o.flush();
            e.flush();
        }
    }

    static int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        InputException input = inputCause(ex);
        if (input != null) {
            err.println("error: " + oneLine(input.getMessage()));
            err.flush();
            return EXIT_INPUT;
        }
        if (ex instanceof CliSupport.NativeBackendException) {
            // an installation problem, not the user's input; the engine logged the details
            err.println("error: " + oneLine(ex.getMessage()));
            err.flush();
            return EXIT_FAILURE;
        }
        return unexpected(ex, parseResult.originalArgs().toArray(new String[0]), err, isVerbose(parseResult));
    }

    static int handleParameterException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        // one line, as every other refusal (issue 18)
        err.println("error: " + oneLine(ex.getMessage()) + "; see '" + cl.getCommandSpec().qualifiedName() + " --help'");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int unexpected(Throwable t, String[] args, PrintWriter err, boolean verbose) {
        Path log = CliSupport.writeFailureLog(t, args);
        String message = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getName() : t.getMessage();
        err.println("error: unexpected failure: " + oneLine(message)
                + (log == null ? " (details in the log)" : " (details in the log: " + log + ")"));
        if (verbose) {
            t.printStackTrace(err);
        }
        err.flush();
        return EXIT_FAILURE;
    }

    /** The InputException that caused {@code t}, if any (libraries sometimes wrap what our code threw). */
    static InputException inputCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InputException ie) {
                return ie;
            }
        }
        return null;
    }

    private static boolean isVerbose(ParseResult pr) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the command line is a {@code train}, which always loads the native backend unless its input is
     * refused: {@code main} then loads it on a thread of its own while picocli parses the options, the table is read
     * and checked (issue 17, small tables: it overlaps 0.3–0.6 s of a 3 s cold Iris run). A refusal exits as before
     * (the load is a daemon thread). Not for {@code --help} or {@code --version}, which never need it.
     */
    static boolean preloads(String[] args) {
        String command = null;
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) {
                return false;
            }
            if (command == null && !a.startsWith("-")) {
                command = a;
            }
        }
        return "train".equals(command);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').strip();
    }

    /** {@code --version}: ModelBench's version and what it runs on. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Map<String, String> v = Versions.all();
            return new String[] {
                    "modelbench " + Versions.modelBench(),
                    "deeplearning4j " + v.get("deeplearning4j") + ", javacpp " + v.get("javacpp")
                            + " (" + v.get("native_platform") + "), Java " + v.get("java") + " on " + v.get("os"),
            };
        }
    }
}
