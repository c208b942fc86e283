package io.modelbench.desktop.view;

import io.modelbench.desktop.viewmodel.ColumnRole;
import io.modelbench.desktop.viewmodel.ColumnRow;
import io.modelbench.desktop.viewmodel.DataViewModel;
import io.modelbench.desktop.viewmodel.SequenceChoice;
import io.modelbench.desktop.viewmodel.SeriesChoice;
import io.modelbench.engine.api.ColumnType;
import io.modelbench.engine.api.MissingStrategy;
import io.modelbench.engine.api.Normalization;
import io.modelbench.engine.data.Samples;
import io.modelbench.engine.data.Table;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.ComboBoxTableCell;
import javafx.scene.layout.StackPane;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.util.StringConverter;

import java.util.AbstractList;

/** The Data page's view: binds to {@link DataViewModel}; opening files goes through {@link FileDialogs}. */
public final class DataView {

    private final DataViewModel vm;
    private final FileDialogs dialogs;

    @FXML private Button openButton;
    @FXML private ComboBox<Samples.Sample> sampleBox;
    @FXML private Button openSampleButton;
    @FXML private ProgressBar loadingBar;
    @FXML private Button cancelButton;
    @FXML private Label errorLabel;
    @FXML private ComboBox<String> targetBox;
    @FXML private Label summaryLabel;
    @FXML private Label hintsLabel;
    @FXML private javafx.scene.layout.HBox seriesRow;
    @FXML private ComboBox<String> timeBox;
    @FXML private TextField windowField;
    @FXML private TextField horizonField;
    @FXML private TextField strideField;
    @FXML private Button seriesButton;
    @FXML private javafx.scene.layout.HBox seriesMoreRow;
    @FXML private ComboBox<String> idBox;
    @FXML private org.controlsfx.control.CheckComboBox<String> covariateBox;
    @FXML private ComboBox<String> missingStepsBox;
    @FXML private TextField periodField;
    @FXML private Label seriesLabel;
    @FXML private javafx.scene.layout.VBox seriesChartBox;
    @FXML private StackPane seriesChartHolder;
    @FXML private Label seriesSpansLabel;
    @FXML private javafx.scene.layout.HBox sequenceRow;
    @FXML private Label sequenceIdLabel;
    @FXML private ComboBox<String> sequenceIdBox;
    @FXML private Label sequenceTimeLabel;
    @FXML private ComboBox<String> sequenceTimeBox;
    @FXML private Button sequenceButton;
    @FXML private Label sequenceLabel;
    @FXML private TableView<String[]> table;
    @FXML private ComboBox<MissingStrategy> missingBox;
    @FXML private TextField constantField;
    @FXML private ComboBox<Normalization> normalizationBox;
    @FXML private CheckBox weightBox;
    @FXML private TableView<ColumnRow> columnsTable;
    @FXML private TableColumn<ColumnRow, String> colName;
    @FXML private TableColumn<ColumnRow, ColumnType> colType;
    @FXML private TableColumn<ColumnRow, ColumnRole> colRole;
    @FXML private TableColumn<ColumnRow, Object> colMissing;
    @FXML private TableColumn<ColumnRow, Object> colDistinct;
    @FXML private TableColumn<ColumnRow, String> colSummary;
    @FXML private TableColumn<ColumnRow, String> colNote;
    @FXML private StackPane columnChartHolder;
    private final ColumnChart columnChart = new ColumnChart();

    @FXML private Button openFolderButton;
    @FXML private javafx.scene.layout.VBox imagePane;
    @FXML private javafx.scene.layout.VBox tablePane;
    @FXML private Label imageSummaryLabel;
    @FXML private TextField imageWidthField;
    @FXML private TextField imageHeightField;
    @FXML private CheckBox grayscaleBox;
    @FXML private Button applyImageButton;
    @FXML private CheckBox flipBox;
    @FXML private TextField shiftField;
    @FXML private TextField rotateField;
    @FXML private javafx.scene.layout.VBox classesBox;
    @FXML private ListView<String> skippedList;
    @FXML private javafx.scene.layout.VBox skippedPane;

    public DataView(DataViewModel vm, FileDialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
    }

    @FXML
    private void initialize() {
        sampleBox.setItems(vm.getSamples());
        sampleBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(Samples.Sample s) {
                return s == null ? "" : s.title();
            }

            @Override
            public Samples.Sample fromString(String s) {
                return null;
            }
        });
        if (!vm.getSamples().isEmpty()) {
            sampleBox.getSelectionModel().selectFirst();
        }
        openSampleButton.disableProperty().bind(sampleBox.valueProperty().isNull().or(vm.loadingProperty()));
        openButton.disableProperty().bind(vm.loadingProperty());
        loadingBar.visibleProperty().bind(vm.loadingProperty());
        loadingBar.progressProperty().bind(vm.progressProperty());
        cancelButton.visibleProperty().bind(vm.loadingProperty());
        cancelButton.setCancelButton(true);
        errorLabel.textProperty().bind(vm.errorProperty());
        errorLabel.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        summaryLabel.textProperty().bind(vm.summaryProperty());
        hintsLabel.textProperty().bind(vm.hintsProperty());
        hintsLabel.visibleProperty().bind(vm.hintsProperty().isNotEmpty());
        hintsLabel.managedProperty().bind(hintsLabel.visibleProperty());
        targetBox.setItems(vm.getColumns());
        targetBox.valueProperty().bindBidirectional(vm.targetColumnProperty());
        targetBox.disableProperty().bind(vm.tableProperty().isNull());
        targetBox.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? "" : item);
            }
        });
        vm.tableProperty().addListener((o, a, t) -> show(t));
        show(vm.tableProperty().get());
        initPreparation();
        initSeries();
        initSequences();
        initColumns();
        initImages();
    }

    /** The time-series row: offered for every table, its sentence says what a time column would do or what reading found. */
    private void initSeries() {
        var series = vm.series();
        timeBox.setItems(series.getTimeColumns());
        timeBox.valueProperty().bindBidirectional(series.timeColumnProperty());
        windowField.textProperty().bindBidirectional(series.windowProperty());
        horizonField.textProperty().bindBidirectional(series.horizonProperty());
        seriesRow.disableProperty().bind(vm.tableProperty().isNull().or(vm.loadingProperty()));
        seriesButton.disableProperty().bind(series.timeColumnProperty().isEqualTo(SeriesChoice.NONE)
                .or(series.timeColumnProperty().isNull()));
        seriesLabel.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                        !series.errorProperty().get().isEmpty() ? series.errorProperty().get()
                                : !series.statusProperty().get().isEmpty() ? series.statusProperty().get()
                                : series.isNone() ? series.suggestionProperty().get() : "",
                series.errorProperty(), series.statusProperty(), series.suggestionProperty(), series.timeColumnProperty()));
        seriesLabel.visibleProperty().bind(seriesLabel.textProperty().isNotEmpty());
        seriesLabel.managedProperty().bind(seriesLabel.visibleProperty());
        seriesLabel.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);  // wraps rather than ending in "…" when space is short
        strideField.textProperty().bindBidirectional(series.strideProperty());
        // the settings beyond window and horizon show once a time column is chosen: a plain table's page stays as it was
        seriesMoreRow.visibleProperty().bind(series.timeColumnProperty().isNotEqualTo(SeriesChoice.NONE)
                .and(series.timeColumnProperty().isNotNull()));
        seriesMoreRow.managedProperty().bind(seriesMoreRow.visibleProperty());
        seriesMoreRow.disableProperty().bind(seriesRow.disableProperty());
        idBox.setItems(series.getIdColumns());
        idBox.valueProperty().bindBidirectional(series.idColumnProperty());
        missingStepsBox.getItems().setAll(SeriesChoice.MISSING_CHOICES);
        missingStepsBox.valueProperty().bindBidirectional(series.missingProperty());
        periodField.textProperty().bindBidirectional(series.periodProperty());
        CovariateChecks.bind(covariateBox, series.getCovariateColumns(), series.getCovariates());
        SeriesChartPane.install(seriesChartBox, seriesChartHolder, seriesSpansLabel, series);
    }

    /**
     * The sequence row (sequence classification): a sequence id column and the column ordering its steps; its sentence is
     * the engine's refusal (styled as an error), what reading found, or a suggested id column.
     */
    private void initSequences() {
        var seq = vm.sequences();
        sequenceIdBox.setItems(seq.getIdColumns());
        sequenceIdBox.valueProperty().bindBidirectional(seq.idColumnProperty());
        sequenceTimeBox.setItems(seq.getTimeColumns());
        sequenceTimeBox.valueProperty().bindBidirectional(seq.timeColumnProperty());
        sequenceIdLabel.setLabelFor(sequenceIdBox);
        sequenceTimeLabel.setLabelFor(sequenceTimeBox);
        sequenceRow.disableProperty().bind(vm.tableProperty().isNull().or(vm.loadingProperty()));
        sequenceTimeBox.disableProperty().bind(seq.idColumnProperty().isEqualTo(SequenceChoice.NONE));
        sequenceButton.disableProperty().bind(seq.idColumnProperty().isEqualTo(SequenceChoice.NONE));
        sequenceLabel.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                        !seq.errorProperty().get().isEmpty() ? seq.errorProperty().get()
                                : !seq.statusProperty().get().isEmpty() ? seq.statusProperty().get()
                                : seq.isNone() && vm.series().isNone() ? seq.suggestionProperty().get() : "",
                seq.errorProperty(), seq.statusProperty(), seq.suggestionProperty(), seq.idColumnProperty(), vm.series().timeColumnProperty()));
        sequenceLabel.visibleProperty().bind(sequenceLabel.textProperty().isNotEmpty());
        sequenceLabel.managedProperty().bind(sequenceLabel.visibleProperty());
        sequenceLabel.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        seq.errorProperty().addListener((o, was, now) -> sequenceLabel.getStyleClass().setAll(now.isEmpty() ? "muted" : "error-banner"));
    }

    @FXML
    private void readSequences() {
        vm.sequences().apply();
    }

    @FXML
    private void readSeries() {
        vm.series().apply();
    }

    private void initPreparation() {
        missingBox.getItems().add(null);
        missingBox.getItems().addAll(MissingStrategy.values());
        missingBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(MissingStrategy m) {
                if (m == null) {
                    return "mean / most frequent";
                }
                return switch (m) {
                    case DROP_ROW -> "drop the row";
                    case MEAN -> "mean";
                    case MEDIAN -> "median";
                    case MOST_FREQUENT -> "most frequent";
                    case CONSTANT -> "constant:";
                };
            }

            @Override
            public MissingStrategy fromString(String s) {
                return null;
            }
        });
        missingBox.valueProperty().bindBidirectional(vm.missingProperty());
        constantField.textProperty().bindBidirectional(vm.missingConstantProperty());
        constantField.visibleProperty().bind(vm.missingProperty().isEqualTo(MissingStrategy.CONSTANT));
        constantField.managedProperty().bind(constantField.visibleProperty());
        normalizationBox.getItems().addAll(Normalization.values());
        normalizationBox.setConverter(new StringConverter<>() {
            @Override
            public String toString(Normalization n) {
                return n == null ? "" : n.id();
            }

            @Override
            public Normalization fromString(String s) {
                return null;
            }
        });
        normalizationBox.valueProperty().bindBidirectional(vm.normalizationProperty());
        weightBox.selectedProperty().bindBidirectional(vm.weightClassesProperty());
    }

    private void initColumns() {
        columnsTable.setItems(vm.getColumnRows());
        colName.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().getName()));
        colType.setCellValueFactory(c -> c.getValue().typeProperty());
        colType.setCellFactory(ComboBoxTableCell.forTableColumn(new StringConverter<>() {
            @Override
            public String toString(ColumnType t) {
                return t == null ? "" : t.id();
            }

            @Override
            public ColumnType fromString(String s) {
                return ColumnType.fromId(s);
            }
        }, ColumnType.values()));
        colRole.setCellValueFactory(c -> c.getValue().roleProperty());
        colRole.setCellFactory(ComboBoxTableCell.forTableColumn(ColumnRole.values()));
        colMissing.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().profile().missing()));
        colDistinct.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().profile().distinct()));
        colSummary.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().getSummary()));
        colNote.setCellValueFactory(c -> c.getValue().noteProperty());
        columnChartHolder.getChildren().add(columnChart.node());
        columnsTable.getSelectionModel().selectedItemProperty().addListener((o, a, row) -> showColumn(row));
        vm.getColumnRows().addListener((javafx.collections.ListChangeListener<ColumnRow>) c -> {
            ColumnRow target = vm.getColumnRows().stream()
                    .filter(r -> r.roleProperty().get() == ColumnRole.TARGET).findFirst().orElse(null);
            if (target != null) {
                columnsTable.getSelectionModel().select(target);
            }
            showColumn(columnsTable.getSelectionModel().getSelectedItem());
        });
    }

    private void showColumn(ColumnRow row) {
        columnChart.show(row == null ? null : row.profile(), row != null && row.roleProperty().get() == ColumnRole.TARGET);
    }

    @FXML
    private void openFile() {
        dialogs.chooseTable(openButton.getScene().getWindow()).ifPresent(vm::openFile);
    }

    @FXML
    void openFolder() {
        dialogs.chooseImageFolder(openButton.getScene().getWindow()).ifPresent(vm::openFile);
    }

    @FXML
    private void applyImageSettings() {
        vm.applyImageSettings();
    }

    private void initImages() {
        openFolderButton.disableProperty().bind(vm.loadingProperty());
        imagePane.visibleProperty().bind(vm.imagesProperty().isNotNull());
        imagePane.managedProperty().bind(imagePane.visibleProperty());
        tablePane.visibleProperty().bind(vm.imagesProperty().isNull());
        tablePane.managedProperty().bind(tablePane.visibleProperty());
        imageSummaryLabel.textProperty().bind(vm.summaryProperty());
        imageWidthField.textProperty().bindBidirectional(vm.imageWidthProperty());
        imageHeightField.textProperty().bindBidirectional(vm.imageHeightProperty());
        grayscaleBox.selectedProperty().bindBidirectional(vm.grayscaleProperty());
        flipBox.selectedProperty().bindBidirectional(vm.augmentFlipProperty());
        shiftField.textProperty().bindBidirectional(vm.augmentShiftProperty());
        rotateField.textProperty().bindBidirectional(vm.augmentRotateProperty());
        applyImageButton.disableProperty().bind(vm.loadingProperty());
        skippedList.setItems(vm.getSkippedFiles());
        skippedPane.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.getSkippedFiles()));
        skippedPane.managedProperty().bind(skippedPane.visibleProperty());
        vm.getImageClasses().addListener((javafx.collections.ListChangeListener<DataViewModel.ImageClassRow>) c -> showClasses());
        showClasses();
    }

    /** One row per class: its name and count, then thumbnails loaded in the background by JavaFX. */
    private void showClasses() {
        classesBox.getChildren().clear();
        for (DataViewModel.ImageClassRow row : vm.getImageClasses()) {
            Label title = new Label(String.format("%s · %,d images", row.label(), row.count()));
            title.getStyleClass().add("section-title");
            javafx.scene.layout.FlowPane thumbs = new javafx.scene.layout.FlowPane(4, 4);
            for (String uri : row.thumbnails()) {
                // small images (such as 8×8 digits) are enlarged without smoothing, so their pixels stay visible
                javafx.scene.image.Image img = new javafx.scene.image.Image(uri, 56, 56, true, false, true);
                javafx.scene.image.ImageView view = new javafx.scene.image.ImageView(img);
                view.setFitWidth(56);
                view.setFitHeight(56);
                view.setPreserveRatio(true);
                view.setSmooth(false);
                Tooltip.install(view, new Tooltip(java.net.URI.create(uri).getPath()));
                thumbs.getChildren().add(view);
            }
            classesBox.getChildren().addAll(title, thumbs);
        }
    }

    @FXML
    private void cancel() {
        vm.cancel();
    }

    @FXML
    private void openSample() {
        Samples.Sample s = sampleBox.getValue();
        if (s != null) {
            vm.openSample(s);
        }
    }

    /** Shows the table; the TableView is virtualized, so only visible rows are laid out. */
    private void show(Table t) {
        table.getColumns().clear();
        if (t == null) {
            table.setItems(FXCollections.observableArrayList());
            return;
        }
        for (int c = 0; c < t.columnCount(); c++) {
            int col = c;
            TableColumn<String[], String> column = new TableColumn<>(t.columns().get(c));
            column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(cell.getValue()[col]));
            column.setSortable(false);
            column.setPrefWidth(Math.max(90, 9 * t.columns().get(c).length()));
            table.getColumns().add(column);
        }
        table.setItems(FXCollections.observableList(new AbstractList<>() {
            @Override
            public String[] get(int index) {
                return t.row(index);
            }

            @Override
            public int size() {
                return t.rowCount();
            }
        }));
    }
}
