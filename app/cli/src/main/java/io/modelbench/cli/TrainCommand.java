package io.modelbench.cli;

import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.MissingStrategy;
import io.modelbench.engine.api.Normalization;
import io.modelbench.engine.api.Optimization;
import io.modelbench.engine.api.PreparationSettings;
import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.api.ImageSettings;
import io.modelbench.engine.api.ModelSpec;
import io.modelbench.engine.data.ImageDataset;
import io.modelbench.engine.api.SplitSettings;
import io.modelbench.engine.api.StopSignal;
import io.modelbench.engine.api.TaskType;
import io.modelbench.engine.api.TrainingRequest;
import io.modelbench.engine.api.TrainingSettings;
import io.modelbench.engine.data.Table;
import io.modelbench.engine.train.Defaults;
import io.modelbench.engine.eval.TrustNotes;
import io.modelbench.engine.train.TrainingOutcome;
import io.modelbench.engine.app.Datasets;
import io.modelbench.engine.app.ModelSpecs;
import io.modelbench.engine.app.RunListener;
import io.modelbench.engine.app.RunOutput;
import io.modelbench.engine.app.RunResult;
import io.modelbench.engine.app.RunService;
import io.modelbench.engine.app.RunSettings;
import io.modelbench.engine.data.Dataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code modelbench train}: trains a network on a table and saves it as a model zip. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = ModelBenchCli.VersionProvider.class,
        defaultValueProvider = TrainCommand.HelpDefaults.class,
        description = {
                "Train a neural network on a table and save it as a DL4J model zip.",
                "Progress goes to stderr; the last line on stdout is one JSON object with the test figures."},
        sortOptions = false,
        usageHelpAutoWidth = true)
final class TrainCommand implements Callable<Integer> {

    @CommandLine.Mixin
    EncodingOption encodingOption = new EncodingOption();

    @CommandLine.Mixin
    TrainRowsOptions rowsOptions = new TrainRowsOptions();

    @CommandLine.Mixin
    SeriesOptions series = new SeriesOptions();

    @Option(names = "--data", required = true, paramLabel = "FILE|FOLDER",
            description = "A CSV file with a header row, a folder of images with one subfolder per class, "
                    + "or a bundled sample such as sample:iris or sample:digits_images.")
    String data;

    @Option(names = "--model", paramLabel = "mlp|cnn|lstm|cnn1d|SPEC.json|MODEL.h5",
            description = "The network: mlp (dense layers of --hidden), cnn (small LeNet-style CNN, for images), lstm or cnn1d "
                    + "(for a time series), a model spec JSON file, or a Keras .h5 model whose layers are imported (not its weights; what "
                    + "cannot be imported is listed on stderr) (default: cnn for images, lstm for a series, mlp for tables).")
    String model;

    @Option(names = "--image-size", paramLabel = "WxH",
            description = "Images are resized to this, such as 28x28 (default: the first image's size, at most 64 a side).")
    String imageSize;

    @Option(names = "--color", paramLabel = "gray|rgb", description = "Images as grayscale or RGB (default: as the first image).")
    String color;

    @Option(names = "--pixel-range", paramLabel = "RANGE", description = "Pixels 0-255 are scaled to 0..1 or -1..1 (default: 0..1).")
    String pixelRange = "0..1";

    @Option(names = "--augment", paramLabel = "LIST",
            description = "Random changes to training images, seeded: any of flip, shift=PIXELS, rotate=DEGREES, such as flip,shift=2 (default: none).")
    String augment;

    @Option(names = "--target", paramLabel = "COLUMN",
            description = "The column to predict (required for a file; a sample has its own).")
    String target;

    @Option(names = "--out", required = true, paramLabel = "MODEL.zip", description = "Where to save the model.")
    Path out;

    @Option(names = "--task", paramLabel = "TASK",
            description = "classification or regression (default: inferred from the target column).")
    String task;

    @Option(names = "--ignore", split = ",", paramLabel = "COLUMN",
            description = "Columns to leave out of the inputs (comma-separated).")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--keep", split = ",", paramLabel = "COLUMN",
            description = "Keep these columns as inputs although each predicts the target alone (left out by default as a leak?).")
    List<String> keep = new ArrayList<>();

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training rows (default for a table: about " + Defaults.TARGET_STEPS
                    + " updates, " + Defaults.MIN_EPOCHS + " to " + Defaults.MAX_EPOCHS + "; for images: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Mini-batch size (default for a table: 16 up to 1000 training rows, 32 up to 10000, then 64; "
            + "for images: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "X",
            description = "Learning rate of Adam (default for a table: " + Defaults.LEARNING_RATE + "; for images: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--hidden", paramLabel = "UNITS", description = "Hidden layer sizes, such as 64,32 (default: ${DEFAULT-VALUE}).")
    String hidden;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed for the split, the initial weights and the shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--test-fraction", paramLabel = "F",
            description = "Share of rows held out for the final test figures; 0: none, no test figures (default: ${DEFAULT-VALUE}).")
    double testFraction;

    @Option(names = "--validation-fraction", paramLabel = "F",
            description = "Share of rows watched while training (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--optimizer", paramLabel = "NAME",
            description = "adam, sgd, nesterov (SGD with Nesterov momentum), rmsprop or adagrad (default: adam).")
    String optimizer = "adam";

    @Option(names = "--momentum", paramLabel = "M", description = "Momentum of nesterov (default: 0.9).")
    double momentum = 0.9;

    @Option(names = "--lr-schedule", paramLabel = "NAME",
            description = "fixed, step (x decay every --step-epochs), exponential (x decay per epoch) or cosine (default: fixed).")
    String schedule = "fixed";

    @Option(names = "--decay", paramLabel = "F", description = "Factor of the step and exponential schedules (default: 0.5).")
    double decay = 0.5;

    @Option(names = "--step-epochs", paramLabel = "N", description = "Epochs between steps of the step schedule (default: 10).")
    int stepEpochs = 10;

    @Option(names = "--weight-decay", paramLabel = "X", description = "L2 weight decay (default for a table: " + Defaults.WEIGHT_DECAY + "; for images: 0).")
    double weightDecay;

    @Option(names = "--clip", paramLabel = "NORM", description = "Clip each layer's gradient to this L2 norm (default: 0, off).")
    double clip;

    @Option(names = "--early-stopping", paramLabel = "PATIENCE",
            description = "Stop when the validation loss has not improved for this many epochs and keep the best epoch; 0: off "
                    + "(default for a table with a validation split: a tenth of the epochs, at least 10; for images: off).")
    int patience;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Write checkpoints (last and best epoch, and the run's state) into DIR: at most 5 %% of the run's time, "
                    + "and always after the last epoch, a new best epoch, and when stopped.")
    Path checkpointDir;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run checkpointed in DIR (same --data) up to --epochs in all; its settings come from the checkpoint.")
    Path resume;

    @Option(names = "--missing", paramLabel = "HOW",
            description = "Missing input values: mean, median, most-frequent, constant:VALUE or drop (rows). "
                    + "Default: mean for numbers, most frequent value otherwise; fitted on the training rows.")
    String missing;

    @Option(names = "--normalize", paramLabel = "HOW",
            description = "Input scaling fitted on the training rows: standardize, min-max or none (default: standardize).")
    String normalize = "standardize";

    @Option(names = "--type", split = ",", paramLabel = "COLUMN=TYPE",
            description = "Override an inferred column type: numeric, integer, boolean, categorical or text (text leaves it out).")
    Map<String, String> types = new LinkedHashMap<>();

    @Option(names = "--weight-classes", description = "Weight classes by inverse frequency in the loss (imbalanced targets).")
    boolean weightClasses;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines on stderr.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        // Everything that can be checked without the native backend is checked first, so that a typo or a
        // bad row is reported in a moment (and before ND4J's start-up) rather than after loading.
        TrainingSettings settings = new TrainingSettings(epochs, batch, learningRate,
                TrainingSettings.parseHiddenLayers(hidden), seed,
                new Optimization(optimizer, momentum, schedule, decay, stepEpochs, weightDecay, clip, patience));
        rowsOptions.check(resume != null);
        if (rowsOptions.testData != null && spec.commandLine().getParseResult().hasMatchedOption("--test-fraction")) {
            throw InputException.setting("--test-fraction", testFraction, "the --test-data file is the test split: leave --test-fraction out");
        }
        SplitSettings split = new SplitSettings(rowsOptions.testData != null ? 0 : testFraction, validationFraction, seed);
        TaskType taskType = task == null ? null : TaskType.fromId(task);
        CliSupport.checkOutputFile(out, "model.zip");
        if (checkpointDir != null || resume != null) {
            io.modelbench.engine.app.Exports.checkOutputFolder(checkpointDir != null ? checkpointDir : resume, "--checkpoint-dir");
        }
        if (CliSupport.isImageData(data)) {
            return trainOnImages(settings, split);
        }
        if (model != null) {
            ModelSpec m = modelSpec(settings);
            if (m.hasSequenceLayers() && !series.given() && series.sequenceId == null) {
                throw InputException.setting("--model", model, "LSTM and 1-D layers read a time series: give --time-column (and --window)");
            }
            if (m.hasSpatialLayers()) {
                throw InputException.setting("--model", model, "convolution and pooling need image data; for a table use mlp or dense layers");
            }
            settings = settings.withModel(m);
        }

        Table table = encodingOption.open(data);
        String targetColumn = target;
        if (resume != null) {
            // target and settings come from the checkpoint (a series run's too: series options given must match them)
            targetColumn = series.resumeFrom(resume, spec.commandLine().getParseResult(), targetColumn, table);
        } else if (targetColumn == null) {
            if (!CliSupport.isSample(data)) {
                throw InputException.general("no --target given for " + table.source(),
                        "choose the column to predict with --target, one of: " + String.join(", ", table.columns()));
            }
            targetColumn = CliSupport.sample(data).target();
        }
        keep.forEach(k -> io.modelbench.engine.app.Datasets.requireColumn(table, k));
        if (series.given()) {
            io.modelbench.engine.data.SeriesDataset sd = series.open(table, targetColumn);
            settings = resume != null ? settings : io.modelbench.engine.train.SeriesDefaults.adapt(settings, sd.steps(), split, chosen(), model != null);
            TrainingRequest request = new TrainingRequest(targetColumn, taskType, ignore, split, settings, preparation());
            Dataset checked = resume == null ? RunService.check(sd, request) : sd;   // windows, split and layers
            series.printNotes(sd, spec.commandLine().getErr(), quiet);
            return train(checked, request, null);
        }
        Dataset sequences = series.sequences(table, targetColumn, ignore, rowsOptions.testData, spec.commandLine().getParseResult());
        if (resume == null) {   // sequences to classify get a series' defaults (the LSTM), tables theirs
            settings = sequences != null ? SeriesOptions.sequenceDefaults(settings, sequences, split, chosen(), model != null)
                    : Defaults.adapt(settings, table.rowCount(), split, chosen());
        }
        TrainingRequest request = new TrainingRequest(targetColumn, taskType, ignore, split, settings, preparation());
        Table all = rowsOptions.appendTest(table, request, encodingOption);
        if (all != table) {
            request = new TrainingRequest(targetColumn, taskType, ignore, split.withHeldOutRows(all.rowCount() - table.rowCount()), settings,
                    request.preparation());
        }
        Dataset dataset = sequences != null ? sequences : Datasets.table(all);
        if (resume == null) {
            // checks the target, the column types and every cell of the numeric inputs, naming any bad one; the
            // schema worked out here is the one training uses
            dataset = RunService.check(dataset, request);
            if (!quiet) {
                io.modelbench.engine.data.QualityHints.of(table).forEach(h -> spec.commandLine().getErr().println("hint: " + h));
                TrainingSettings t = settings;
                spec.commandLine().getErr().printf(java.util.Locale.ROOT, "settings: %d epochs at most, batch %d, learning rate %s, "
                                + "weight decay %s, early stopping %s%n", t.epochs(), t.batchSize(), t.learningRate(),
                        t.optimization().weightDecay(), t.optimization().patience() == 0 ? "off"
                                : "after " + t.optimization().patience() + " epochs without improvement");
                if (rowsOptions.auto) {
                    spec.commandLine().getErr().printf(java.util.Locale.ROOT, "auto: trying a few sizes and learning rates within %.0f s, "
                            + "chosen on the validation split%n", rowsOptions.settings(RunSettings.defaults()).autoSeconds());
                }
            }
        }
        return train(dataset, request, null);
    }

    private Integer trainOnImages(TrainingSettings settings, SplitSettings split) {
        if (rowsOptions.testData != null) {
            throw InputException.setting("--test-data", rowsOptions.testData, "a separate test set is for tables; for images use --test-fraction");
        }
        if (task != null && TaskType.fromId(task) != TaskType.CLASSIFICATION) {
            throw InputException.setting("--task", task, "an image folder is a classification task (one class per subfolder)");
        }
        ImageSettings imageSettings;
        if (resume != null) {
            imageSettings = RunService.checkpointImageSettings(resume);
            if (imageSettings == null) {
                throw InputException.file(resume, "holds a run on a table, not on images", "give the table it was trained on as --data");
            }
        } else {
            ImageSettings suggested = io.modelbench.engine.app.Datasets.suggestImageSettings(CliSupport.imageFolder(data));
            int[] size = imageSize == null ? new int[] {suggested.width(), suggested.height()} : ImageSettings.parseSize(imageSize);
            boolean gray = color == null ? suggested.grayscale() : switch (color.toLowerCase(java.util.Locale.ROOT)) {
                case "gray", "grey", "grayscale" -> true;
                case "rgb", "color", "colour" -> false;
                default -> throw InputException.setting("--color", color, "use gray or rgb");
            };
            imageSettings = new ImageSettings(size[0], size[1], gray, pixelRange, ImageSettings.Augmentation.parse(augment));
            settings = settings.withModel(model == null ? ModelSpec.cnn() : modelSpec(settings));
        }
        ImageDataset images = CliSupport.openImages(data, imageSettings);
        TrainingRequest request = new TrainingRequest("class", TaskType.CLASSIFICATION, List.of(), split, settings);
        if (resume == null) {
            // names the layer that does not fit these images before the native backend starts
            RunService.check(images, request);
        }
        return train(images, request, images);
    }

    /** Loads the backend and trains (or resumes) through the run service, which saves the model; prints the result. */
    private Integer train(Dataset dataset, TrainingRequest request, ImageDataset images) {
        CliSupport.loadNative(spec.parent() != null && spec.parent().userObject() instanceof ModelBenchCli m ? m.backend : null);
        ProgressPrinter progress = new ProgressPrinter(spec.commandLine().getErr(), quiet);
        if (images != null && !quiet && !images.skipped().isEmpty()) {
            spec.commandLine().getErr().println("skipped " + images.skipped().size() + " file(s): "
                    + images.skipped().stream().limit(5).map(k -> images.relative(k.file()) + " (" + k.reason() + ")")
                    .collect(Collectors.joining("; ")) + (images.skipped().size() > 5 ? "; ..." : ""));
        }
        RunListener listener = TrainRowsOptions.listener(RunListener.training(progress), spec.commandLine().getErr(), quiet);
        RunService runs = new RunService();
        RunResult run = resume != null
                ? runs.resume(dataset, resume, epochs, out, RunSettings.defaults(), listener, new StopSignal())
                : runs.train(dataset, request, RunOutput.files(out, checkpointDir), rowsOptions.settings(RunSettings.defaults()), listener,
                new StopSignal());
        ModelCard card = run.outcome().model().card();
        java.util.Map.copyOf(card.ignoredColumns() == null ? java.util.Map.of() : card.ignoredColumns()).forEach((column, why) -> {
            if (io.modelbench.engine.data.LeakCheck.REASON.equals(why)) {
                spec.commandLine().getErr().println("left out '" + column + "': " + why + " (use it anyway with --keep " + column + ")");
            }
        });
        TrustNotes.warnings(card).forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        if (card.training().autoSearch() != null && !quiet) {
            spec.commandLine().getErr().println("auto: " + card.training().autoSearch());
        }
        Map<String, Object> json = result(run.outcome(), images);
        if (run.outcome().forecast() != null) {
            SeriesOptions.addTo(json, run.outcome().forecast(), card, spec.commandLine().getErr(), quiet);
        }
        SeriesOptions.addSequences(json, card, spec.commandLine().getErr(), quiet);
        CliSupport.printJson(spec.commandLine().getOut(), json);
        return 0;
    }

    /** The settings given on the command line; the others adapt to the table ({@link Defaults#adapt}). */
    private java.util.Set<Defaults.Setting> chosen() {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        java.util.Set<Defaults.Setting> chosen = java.util.EnumSet.noneOf(Defaults.Setting.class);
        Map.of("--epochs", Defaults.Setting.EPOCHS, "--batch", Defaults.Setting.BATCH_SIZE, "--lr", Defaults.Setting.LEARNING_RATE,
                "--weight-decay", Defaults.Setting.WEIGHT_DECAY, "--early-stopping", Defaults.Setting.PATIENCE).forEach((option, setting) -> {
                    if (given.hasMatchedOption(option)) {
                        chosen.add(setting);
                    }
                });
        return chosen;
    }

    /** {@code --model}: a template name or a model spec JSON file. */
    private ModelSpec modelSpec(TrainingSettings settings) {
        String m = model.trim();
        if (m.matches("(?i)mlp|cnn|lenet|lstm|lstm2|cnn1d")) {
            return ModelSpec.template(m, settings.hiddenLayers());
        }
        Path file = CliSupport.path(m, "--model");
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw InputException.setting("--model", model, "use mlp, cnn, the path of a model spec .json file or a Keras .h5 model");
        }
        ModelSpecs.Read r = ModelSpecs.read(file);
        if (!quiet) {
            r.notImported().forEach(n -> spec.commandLine().getErr().println("not imported: " + n));
            r.notes().forEach(n -> spec.commandLine().getErr().println("note: " + n));
        }
        return r.spec();
    }

    private Map<String, Object> result(TrainingOutcome outcome, ImageDataset images) {
        ModelCard card = outcome.model().card();
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("train", card.dataset().trainRows());
        rows.put("validation", card.dataset().validationRows());
        rows.put("test", card.dataset().testRows());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("task", card.task());
        result.put("target", card.targetColumn());
        result.put("data", CliSupport.dataDisplay(data));
        result.put("epochs", outcome.epochsCompleted());
        result.put("stopped_early", outcome.stoppedEarly());
        result.put("kept_epoch", card.training().keptEpoch());
        result.put("stop_note", card.training().stopNote());
        result.put("seed", card.training().seed());
        result.put("rows", rows);
        if (images == null) {
            result.put("inputs", card.inputColumns());
            result.put("left_out", card.ignoredColumns());
            result.put("dropped_rows", card.dataset().droppedRows());
        } else {
            ModelCard.ImageInput im = card.image();
            result.put("inputs", im.width() + "x" + im.height() + " " + im.color() + " images");
            result.put("classes", card.labelNames());
            Map<String, String> skipped = new LinkedHashMap<>();
            images.skipped().forEach(k -> skipped.put(images.relative(k.file()), k.reason()));
            result.put("skipped", skipped);
        }
        result.put("architecture", card.training().architecture());
        result.put("parameters", card.training().parameters());
        TrainRowsOptions.putResults(result, outcome); // test, baseline, linear reference, auto
        result.put("warnings", TrustNotes.warnings(card));
        result.put("shared_train_test_rows", TrustNotes.sharedRows(card));
        result.put("samples_per_second", outcome.samplesPerSecond());
        result.put("model", CliSupport.absolute(out).toString());
        return result;
    }

    private PreparationSettings preparation() {
        Map<String, ColumnType> t = new LinkedHashMap<>();
        types.forEach((column, type) -> t.put(column, ColumnType.fromId(type)));
        MissingStrategy m = null;
        String constant = "0";
        if (missing != null) {
            String v = missing.trim();
            if (v.toLowerCase(java.util.Locale.ROOT).startsWith("constant:")) {
                m = MissingStrategy.CONSTANT;
                constant = v.substring("constant:".length());
            } else {
                m = MissingStrategy.fromId(v);
            }
        }
        return new PreparationSettings(t, m, Map.of(), constant, Normalization.fromId(normalize), weightClasses, keep);
    }

    /** The engine's defaults, so that {@code --help} shows them and they are defined in one place only. */
    static final class HelpDefaults implements CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(CommandLine.Model.ArgSpec arg) {
            if (!(arg instanceof CommandLine.Model.OptionSpec o)) {
                return null;
            }
            TrainingSettings t = TrainingSettings.defaults();
            return switch (o.longestName()) {
                case "--epochs" -> Integer.toString(t.epochs());
                case "--batch" -> Integer.toString(t.batchSize());
                case "--lr" -> Double.toString(t.learningRate());
                case "--hidden" -> t.hiddenLayers().stream().map(String::valueOf).collect(Collectors.joining(","));
                case "--seed" -> Long.toString(TrainingSettings.DEFAULT_SEED);
                case "--test-fraction" -> Double.toString(SplitSettings.DEFAULT_TEST_FRACTION);
                case "--validation-fraction" -> Double.toString(SplitSettings.DEFAULT_VALIDATION_FRACTION);
                default -> null;
            };
        }
    }
}
