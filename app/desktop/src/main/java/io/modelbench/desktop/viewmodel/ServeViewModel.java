package io.modelbench.desktop.viewmodel;

import io.modelbench.engine.api.InputException;
import io.modelbench.engine.api.ModelCard;
import io.modelbench.engine.app.Exports;
import io.modelbench.engine.train.TrainingOutcome;
import io.modelbench.serve.ModelServer;
import io.modelbench.serve.ServeConfig;
import io.modelbench.serve.ServedRequest;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.CancellationException;

/**
 * The Serve page: puts a model in service with {@link ModelServer} (the same server as the CLI's {@code serve}) and
 * shows how it is used. Start, Stop and Replace run as {@link BackgroundTask}s on the background executor, so the
 * JavaFX thread never waits on the server, and a failure reaches the page as one line; the server's per-request
 * events cross to the UI thread through an {@link EventCoalescer} (at most ten batches a second however many requests
 * arrive: 2,000 requests/s become ten list updates); the view polls the server's statistics twice a second through
 * {@link #refreshStats()}, a task of its own on the same executor.
 * The picked model's zip is the model file itself for a project run or an exported zip; the current run's model
 * is written to a temporary zip first ({@link ServedModels}).
 */
public final class ServeViewModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServeViewModel.class);

    private final Workspace workspace;
    private final UiScheduler ui;
    /** Start, Stop and Replace: one at a time (the page is busy meanwhile). */
    private final TaskRunner commands;
    /** The statistics polls, on the same executor: at most one under way. */
    private final TaskRunner stats;
    private final ServedModels models;
    private final ObservableList<ModelSource> sources = FXCollections.observableArrayList();
    private final ObjectProperty<ModelSource> source = new SimpleObjectProperty<>(this, "source");
    private final StringProperty name = new SimpleStringProperty(this, "name", "model");
    private final StringProperty host = new SimpleStringProperty(this, "host", "127.0.0.1");
    private final StringProperty port = new SimpleStringProperty(this, "port", "8080");
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper url = new ReadOnlyStringWrapper(this, "url", "");
    private final ReadOnlyStringWrapper tokenFile = new ReadOnlyStringWrapper(this, "tokenFile", "");
    private final ReadOnlyStringWrapper served = new ReadOnlyStringWrapper(this, "served", "");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyStringWrapper curl = new ReadOnlyStringWrapper(this, "curl", "");
    private final ReadOnlyStringWrapper python = new ReadOnlyStringWrapper(this, "python", "");
    private final ServeMonitor monitor = new ServeMonitor();
    private ServeConfig base = ServeConfig.defaults();
    private final ReadOnlyBooleanWrapper newerRun = new ReadOnlyBooleanWrapper(this, "newerRun");
    private final BooleanBinding canStart;
    private final BooleanBinding canStop;
    private final BooleanBinding canReplace;
    /** The running server; set and cleared on the UI thread, read by background tasks through their own copy. */
    private volatile ModelServer server;
    /** Set by {@link #close()}: a server that finishes starting after it is closed at once. */
    private volatile boolean closed;
    private TrainingOutcome servedOutcome;
    /** The last name the page suggested: replaced by the next suggestion unless the user changed it. */
    private String suggestedName = "model";
    /** The request events of the last server started (UI thread; read by the test's immediate scheduler too). */
    private volatile RequestFeed requests;

    public ServeViewModel(Workspace workspace, Executor background, UiScheduler ui) {
        this(workspace, background, ui, new ServedModels());
    }

    ServeViewModel(Workspace workspace, Executor background, UiScheduler ui, ServedModels models) {
        this.workspace = workspace;
        this.ui = ui;
        this.commands = new TaskRunner(background, ui);
        this.stats = new TaskRunner(background, ui);
        this.models = models;
        canStart = Bindings.createBooleanBinding(() -> !running.get() && !busy.get() && source.get() != null,
                running, busy, source);
        canStop = Bindings.createBooleanBinding(() -> running.get() && !busy.get(), running, busy);
        canReplace = Bindings.createBooleanBinding(() -> running.get() && !busy.get() && newerRun.get(), running, busy, newerRun);
        workspace.outcomeProperty().addListener((o, a, b) -> {
            refreshSources();
            // a run that finished while serving (whatever is served: the current run, a project run, a zip)
            newerRun.set(b != null && running.get() && b != servedOutcome);
        });
        workspace.getRuns().addListener((ListChangeListener<RunRecord>) c -> refreshSources());
        workspace.projectProperty().addListener((o, a, b) -> refreshSources());
        source.addListener((o, a, b) -> suggestName(b));
        refreshSources();
    }

    // ---- what the view binds to

    /** The models that can be served: the current run's, the open project's finished runs, zips the user chose. */
    public ObservableList<ModelSource> getSources() {
        return sources;
    }

    public ObjectProperty<ModelSource> sourceProperty() {
        return source;
    }

    /** The name clients use in the URL ({@code /v1/models/NAME:predict}). */
    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty hostProperty() {
        return host;
    }

    /** The port as typed; 0 takes any free port. */
    public StringProperty portProperty() {
        return port;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public BooleanBinding canStartBinding() {
        return canStart;
    }

    public BooleanBinding canStopBinding() {
        return canStop;
    }

    /** True while serving and a run newer than the served model has finished. */
    public BooleanBinding canReplaceBinding() {
        return canReplace;
    }

    /** The server's address ("http://127.0.0.1:8080"), "" when stopped. */
    public ReadOnlyStringProperty urlProperty() {
        return url.getReadOnlyProperty();
    }

    /** Where the token is kept (readable by its owner only), "" without a token. */
    public ReadOnlyStringProperty tokenFileProperty() {
        return tokenFile.getReadOnlyProperty();
    }

    /** What is being served: "iris-model from Run 3 · since 21:04:10". */
    public ReadOnlyStringProperty servedProperty() {
        return served.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty curlProperty() {
        return curl.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty pythonProperty() {
        return python.getReadOnlyProperty();
    }

    /** What the server sees: requests, errors, charts' points, drift, the summary line. */
    public ServeMonitor monitor() {
        return monitor;
    }

    /**
     * The settings the page does not show (token file, log folder, batching): {@link ServeConfig#defaults()}, so the
     * page and the command line share {@code ~/.modelbench/serve/token}; tests use a temporary folder.
     */
    public void setBaseConfig(ServeConfig config) {
        base = config;
    }

    /** The token, for the clipboard ("" when stopped or without a token); never shown in a control. */
    public String token() {
        ModelServer s = server;
        return s == null || s.token() == null ? "" : s.token();
    }

    // ---- commands

    /** Adds an exported model zip (from the file chooser) to the choices and picks it. */
    public void addZip(Path zip) {
        ModelSource s = ModelSource.file(zip);
        if (!sources.contains(s)) {
            sources.add(s);
        }
        source.set(s);
    }

    /** Starts serving the picked model (in the background). */
    public void start() {
        if (!canStart.get()) {
            return;
        }
        ModelSource src = source.get();
        String n = name.get() == null ? "" : name.get().strip();
        ServeConfig config;
        try {
            config = ServedModels.config(base, n, host.get(), port.get());
        } catch (InputException e) {
            error.set(e.getMessage());
            return;
        }
        TrainingOutcome outcome = src.kind() == ModelSource.Kind.CURRENT ? workspace.getOutcome() : null;
        if (src.kind() == ModelSource.Kind.CURRENT && outcome == null) {
            error.set("There is no trained model in this session yet: train one on the Train page, or pick a run or a zip.");
            return;
        }
        busy.set(true);
        error.set("");
        message.set("Starting the server…");
        RequestFeed feed = new RequestFeed();
        requests = feed;
        commands.run(BackgroundTask.of(ctx -> {
            ServedModels.Prepared model = models.prepare(src, outcome);
            ModelServer s;
            try {
                s = ModelServer.start(config, Map.of(n, model.zip()), feed::offer);
            } catch (RuntimeException e) {
                models.release(model);
                throw e;
            }
            if (closed) {   // the app ended while the server was starting
                s.close();
                models.releaseAll();
                throw new CancellationException("The page was closed while the server started");
            }
            return new Started(s, model);
        }).describedAs("The server did not start")
                .onSuccess(r -> started(r.server(), n, src, outcome, r.model()))
                // the server names its settings as the command line's options; the page's fields have plain names
                .onFailure(why -> failed(why.replaceFirst("^setting '--", "setting '"))));
    }

    /** Stops the server (in the background): it answers the requests under way, then closes. */
    public void stop() {
        ModelServer s = server;
        if (!canStop.get() || s == null) {
            return;
        }
        busy.set(true);
        message.set("Stopping: answering the requests under way…");
        commands.run(BackgroundTask.of(ctx -> {
            try {
                s.close();
            } catch (RuntimeException e) {
                Errors.log(LOG, "The server did not stop cleanly", e);
            }
            models.releaseAll();
            return s.stats().requests();
        }).describedAs("The server did not stop cleanly").onSuccess(this::stopped).onFailure(this::failed));
    }

    /** Replaces the served model with the current run's, in the background; the server drops no request. */
    public void replaceWithCurrentRun() {
        ModelServer s = server;
        TrainingOutcome outcome = workspace.getOutcome();
        if (!canReplace.get() || s == null || outcome == null) {
            return;
        }
        String n = s.models().get(0);
        busy.set(true);
        error.set("");
        message.set("Replacing the served model with the current run's…");
        commands.run(BackgroundTask.of(ctx -> {
            ServedModels.Prepared model = models.prepare(ModelSource.current(), outcome);
            try {
                s.swap(n, model.zip());
                models.retire(model);
            } catch (RuntimeException e) {
                models.release(model);
                throw e;
            }
            return model;
        }).describedAs("The model could not be replaced").onSuccess(model -> {
            servedOutcome = outcome;
            newerRun.set(false);
            busy.set(false);
            describe(s, n, ModelSource.current(), model.card());
            message.set("Replaced at " + ServeMonitor.CLOCK.format(java.time.Instant.now())
                    + " with the current run's model; requests under way finished on the old one.");
        }).onFailure(this::failed));
    }

    /**
     * Reads the server's statistics on the background executor and adds a chart point; call a few times a second
     * while running (the view's timer does). A poll still under way makes this one a no-op; a poll that ends after
     * the server stopped or another started is stale, and its point is dropped.
     */
    public void refreshStats() {
        ModelServer s = server;
        if (s == null || stats.isRunning()) {
            return;
        }
        stats.run(BackgroundTask.of(ctx -> s.stats()).describedAs("Reading the server's statistics failed")
                .onSuccess(st -> monitor.add(st)));
    }

    /**
     * Stops a running server now, on the calling thread, answering the requests under way (the app's exit). It
     * touches no {@link TaskRunner} (those are for the UI thread): a Start under way sees {@code closed} itself.
     */
    @Override
    public void close() {
        closed = true;
        ModelServer s = server;
        server = null;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("The server did not stop cleanly", e);
            }
        }
        models.releaseAll();
    }

    // ---- internals (UI thread)

    private void started(ModelServer s, String n, ModelSource src, TrainingOutcome outcome, ServedModels.Prepared model) {
        stats.cancel();   // a poll of the server before is stale
        server = s;
        servedOutcome = outcome;
        newerRun.set(false);
        monitor.clear();
        url.set(s.url().toString());
        tokenFile.set(s.tokenFile() == null ? "" : s.tokenFile().toString());
        describe(s, n, src, model.card());
        running.set(true);
        busy.set(false);
        message.set(tokenFile.get().isEmpty() ? "Serving without a token (this computer only)."
                : "Clients send the token (Copy token, or read it from " + tokenFile.get() + ") as 'Authorization: Bearer …'.");
    }

    private void stopped(long total) {
        stats.cancel();   // a poll under way read the stopped server
        server = null;
        servedOutcome = null;
        newerRun.set(false);
        running.set(false);
        busy.set(false);
        url.set("");
        tokenFile.set("");
        served.set("");
        curl.set("");
        python.set("");
        message.set("Stopped at " + ServeMonitor.CLOCK.format(java.time.Instant.now()) + " after "
                + String.format("%,d", total) + (total == 1 ? " request." : " requests."));
    }

    /** A command failed: its one line shows, and the page can be used again. */
    private void failed(String why) {
        error.set(why);
        message.set("");
        busy.set(false);
    }

    private void describe(ModelServer s, String n, ModelSource src, ModelCard card) {
        served.set(n + " from " + src.label() + " · since " + ServeMonitor.CLOCK.format(java.time.Instant.now()));
        // the example's values from the open data: a forecaster's the series' last window, a classifier's the first sequence
        var series = workspace.seriesProperty().get();
        var window = card.series() != null ? (series == null ? null : Exports.lastWindow(card, series))
                : card.sequence() != null ? Exports.firstSequence(card, workspace.sequencesProperty().get()) : null;
        var images = workspace.getImages();   // an image model's example: the open folder's first image
        java.nio.file.Path image = card.image() == null || images == null || images.items().isEmpty() ? null : images.items().get(0).file();
        curl.set(ServeSnippets.curl(s.url(), n, s.tokenFile(), card, window, image));
        python.set(ServeSnippets.python(s.url(), n, s.tokenFile(), card, window, image));
    }

    /** A name from the model's data ("iris"), unless the user typed one of their own. */
    private void suggestName(ModelSource s) {
        String typed = name.get() == null ? "" : name.get().strip();
        if (s == null || running.get() || !(typed.isEmpty() || typed.equals(suggestedName))) {
            return;
        }
        TrainingOutcome outcome = workspace.getOutcome();
        String from = switch (s.kind()) {
            case CURRENT -> outcome == null || outcome.model().card().dataset() == null ? null
                    : outcome.model().card().dataset().source();
            case RUN -> workspace.getProject() == null ? null : workspace.getProject().name();
            case FILE -> s.zip().getFileName().toString();
        };
        suggestedName = from == null ? "model" : ServedModels.suggestedName(from);
        name.set(suggestedName);
    }

    private void refreshSources() {
        ModelSource picked = source.get();
        List<ModelSource> list = ModelSource.available(workspace.getOutcome() != null, workspace.getProject(), workspace.getRuns(),
                sources.stream().filter(s -> s.kind() == ModelSource.Kind.FILE).toList());
        sources.setAll(list);
        if (picked == null || !list.contains(picked)) {
            source.set(list.isEmpty() ? null : list.get(0));
        }
    }

    /** What Start hands to the UI thread: the running server and the model zip it serves. */
    private record Started(ModelServer server, ServedModels.Prepared model) {
    }

    /**
     * One server's per-request events on their way to the monitor, at most ten batches a second. They arrive on the
     * server's own threads for as long as it serves, long after the task that started it ended (a task's
     * {@code publish} reaches the page only while that task is current), so they cross through their own coalescer;
     * a late batch of a feed that a newer Start replaced is dropped.
     */
    private final class RequestFeed {

        private final EventCoalescer<ServedRequest> coalescer = new EventCoalescer<>(ui, 100, this::deliver);

        void offer(ServedRequest request) {
            coalescer.offer(request);
        }

        private void deliver(List<ServedRequest> batch) {
            if (requests == this) {
                monitor.add(batch);
            }
        }
    }
}
