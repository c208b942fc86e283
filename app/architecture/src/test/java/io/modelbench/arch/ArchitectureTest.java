package io.modelbench.arch;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering rules of docs/ARCHITECTURE.md, checked on the compiled main classes of every shipped module (engine,
 * model server, CLI, desktop, Spark jobs: all on this module's test class path). A break fails the build. Each rule has a deliberate break in
 * a test-only {@code archfixture} package beside it, and {@link #everyRuleCatchesItsDeliberateBreak} checks that it is
 * caught, so no rule can pass vacuously.
 */
class ArchitectureTest {

    private static JavaClasses production;
    private static JavaClasses fixtures;

    @BeforeAll
    static void importClasses() {
        // main classes of the modules (their jars or target/classes), never test classes
        production = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
                .importPackages("io.modelbench");
        fixtures = new ClassFileImporter()
                .withImportOption(location -> location.contains("/test-classes/"))
                .importPackages("io.modelbench");
    }

    static final ArchRule ENGINE_IS_HEADLESS = noClasses().that().resideInAPackage("io.modelbench.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.modelbench.desktop..", "io.modelbench.cli..",
                    "io.modelbench.serve..")
            .because("the engine runs headless under every front end: command line, server, desktop, tests");

    static final ArchRule ENGINE_API_HAS_NO_DL4J_TYPES = noClasses().that().resideInAPackage("io.modelbench.engine.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
            .because("the engine's API is records and interfaces that callers can use without DL4J");

    static final ArchRule VIEW_MODELS_HOLD_STATE_AND_COMMANDS_ONLY = noClasses().that().resideInAPackage("io.modelbench.desktop.viewmodel..")
            .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..", "org.bytedeco..",
                    "javafx.scene..", "javafx.stage..", "javafx.fxml..", "io.modelbench.desktop.view..", "io.modelbench.desktop.app..")
            .because("view models hold state and commands; they are tested without a toolkit and never touch DL4J");

    static final ArchRule FRONT_ENDS_NEVER_TOUCH_DL4J = noClasses().that()
            .resideInAnyPackage("io.modelbench.desktop..", "io.modelbench.cli..", "io.modelbench.spark..")
            .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..", "org.bytedeco..")
            .because("front ends reach DL4J only through the engine");

    static final ArchRule CLI_AND_SERVER_ARE_HEADLESS = noClasses().that().resideInAnyPackage("io.modelbench.cli..", "io.modelbench.serve..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.modelbench.desktop..")
            .because("the command line and the model server run on servers with no display");

    static final ArchRule THE_SERVER_IS_A_LIBRARY = noClasses().that().resideInAPackage("io.modelbench.serve..")
            .should().dependOnClassesThat().resideInAnyPackage("io.modelbench.cli..", "io.modelbench.bench..")
            .because("the command line and the desktop both start the server; it depends on neither");

    /**
     * The engine types a front end may use besides {@code engine.api} (records) and {@code engine.app} (the application
     * layer): the data and project types that the application layer's signatures carry, and pure computations (curves,
     * metrics as a map, the JSON settings, version strings, a table's quality hints, the training defaults for a table, the warnings a
     * result deserves). Time series (issue 15) add three: {@code SeriesDataset}, the third case of the sealed {@code Dataset}
     * that every front end handles; {@code SeriesDefaults}, the training settings a series gets; and {@code Forecasts}, the
     * naive forecasts and their figures as a map (pure computations). {@code PhaseClock} (issue 17) is the one diagnostic: the
     * CLI marks where a cold run's time goes on the same clock as the engine ({@code -Dmodelbench.phases=true}). The desktop's composition root ({@code desktop.app}) wires
     * the engine in and is not bound by this rule.
     */
    static final Set<String> NAMED_ENGINE_TYPES = Set.of(
            "io.modelbench.engine.data.Dataset", "io.modelbench.engine.data.TableDataset", "io.modelbench.engine.data.ImageDataset",
            "io.modelbench.engine.data.Table", "io.modelbench.engine.data.Samples",
            "io.modelbench.engine.project.Project", "io.modelbench.engine.project.RunInfo",
            "io.modelbench.engine.project.DatasetRecipe", "io.modelbench.engine.project.RecentProjects",
            "io.modelbench.engine.train.TrainingOutcome", "io.modelbench.engine.model.TrainedModel",
            "io.modelbench.engine.eval.Curves", "io.modelbench.engine.eval.Metrics", "io.modelbench.engine.io.Json",
            "io.modelbench.engine.Versions", "io.modelbench.engine.data.QualityHints", "io.modelbench.engine.train.Defaults",
            "io.modelbench.engine.eval.TrustNotes",
            "io.modelbench.engine.data.SeriesDataset", "io.modelbench.engine.train.SeriesDefaults", "io.modelbench.engine.eval.Forecasts",
            "io.modelbench.engine.io.PhaseClock");

    static final ArchRule FRONT_ENDS_USE_THE_APPLICATION_LAYER = noClasses().that()
            .resideInAnyPackage("io.modelbench.desktop.view..", "io.modelbench.desktop.viewmodel..", "io.modelbench.cli..",
                    "io.modelbench.spark..")
            .should().dependOnClassesThat(DescribedPredicate.describe("are engine classes outside engine.api, engine.app and "
                    + "the named types", (com.tngtech.archunit.core.domain.JavaClass c) -> {
                String name = c.getName();
                String outer = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
                return name.startsWith("io.modelbench.engine.") && !name.startsWith("io.modelbench.engine.api.")
                        && !name.startsWith("io.modelbench.engine.app.") && !NAMED_ENGINE_TYPES.contains(outer);
            }))
            .because("front ends start, resume, record and export runs through the engine's application layer");

    static final ArchRule FRONT_ENDS_LEAVE_RUN_FILES_TO_THE_RUN_SERVICE = noClasses().that()
            .resideInAnyPackage("io.modelbench.desktop..", "io.modelbench.cli..", "io.modelbench.serve..", "io.modelbench.spark..")
            .should().callMethodWhere(DescribedPredicate.describe("the method starts or records a run in a project",
                    (com.tngtech.archunit.core.domain.JavaMethodCall call) ->
                            call.getTargetOwner().getName().equals("io.modelbench.engine.project.Project")
                                    && Set.of("newRun", "writeRun").contains(call.getName())))
            .because("a run's folder, record and status are the engine's RunService's (every front end shares it)");

    static final ArchRule NO_FRONT_END_BUILDS_A_TRAINER_OR_A_NETWORK = noClasses().that()
            .resideInAnyPackage("io.modelbench.desktop..", "io.modelbench.cli..", "io.modelbench.serve..", "io.modelbench.spark..")
            .should().callConstructorWhere(DescribedPredicate.describe("the constructed class is a trainer or a network",
                    (com.tngtech.archunit.core.domain.JavaConstructorCall call) -> Set.of(
                            "io.modelbench.engine.train.Trainer", "io.modelbench.engine.train.TrainingLoop",
                            "org.deeplearning4j.nn.multilayer.MultiLayerNetwork", "org.deeplearning4j.nn.graph.ComputationGraph")
                            .contains(call.getTargetOwner().getName())))
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.modelbench.engine.model.NetworkFactory")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.modelbench.engine.train.Trainer")
            .because("training runs through engine.app.RunService, which owns the run's folder, record and model");

    static final ArchRule ONE_PLACE_HOPS_TO_THE_FX_THREAD = noClasses().that().resideOutsideOfPackage("io.modelbench.desktop.app..")
            .should().callMethod(Platform.class, "runLater", Runnable.class)
            .because("engine events reach the UI thread through one coalescing scheduler (FxUiScheduler)");

    /** The one exception, PhaseClock: an opt-in diagnostic ({@code -Dmodelbench.phases=true}) that writes to stderr only. */
    static final ArchRule ONLY_ENTRY_POINTS_PRINT = noClasses().that()
            .resideOutsideOfPackages("io.modelbench.cli..", "io.modelbench.bench..", "io.modelbench.spark..")
            .and().doNotHaveFullyQualifiedName("io.modelbench.engine.io.PhaseClock")
            .should(ACCESS_STANDARD_STREAMS)
            .because("stdout is the command line's JSON contract; everything else logs through SLF4J");

    /** File I/O from a view would run on the JavaFX thread: views hand paths to view models, which use workers. */
    static final ArchRule VIEWS_DO_NO_FILE_IO = noClasses().that().resideInAPackage("io.modelbench.desktop.view..")
            .should().callCodeUnitWhere(ownerIsOneOf(Set.of("java.nio.file.Files", "java.io.FileInputStream",
                    "java.io.FileOutputStream", "java.io.FileReader", "java.io.FileWriter", "java.io.RandomAccessFile")))
            .orShould().dependOnClassesThat().resideInAPackage("io.modelbench.engine.io..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.modelbench.engine.project.Project")
            .because("views run on the JavaFX thread, which never waits on I/O");

    private static DescribedPredicate<JavaAccess<?>> ownerIsOneOf(Set<String> owners) {
        return DescribedPredicate.describe("the owner is one of " + owners,
                access -> owners.contains(access.getTargetOwner().getName()));
    }

    private static final List<ArchRule> RULES = List.of(ENGINE_IS_HEADLESS, ENGINE_API_HAS_NO_DL4J_TYPES,
            VIEW_MODELS_HOLD_STATE_AND_COMMANDS_ONLY, FRONT_ENDS_NEVER_TOUCH_DL4J, CLI_AND_SERVER_ARE_HEADLESS,
            THE_SERVER_IS_A_LIBRARY, FRONT_ENDS_USE_THE_APPLICATION_LAYER, NO_FRONT_END_BUILDS_A_TRAINER_OR_A_NETWORK,
            FRONT_ENDS_LEAVE_RUN_FILES_TO_THE_RUN_SERVICE,
            ONE_PLACE_HOPS_TO_THE_FX_THREAD, ONLY_ENTRY_POINTS_PRINT, VIEWS_DO_NO_FILE_IO);

    @Test
    void theRulesHoldForTheProductionCodeOfEveryModule() {
        assertThat(production.size()).as("classes imported").isGreaterThan(100);
        for (String module : List.of("io.modelbench.engine.", "io.modelbench.cli.", "io.modelbench.serve.", "io.modelbench.desktop.view.",
                "io.modelbench.desktop.viewmodel.", "io.modelbench.spark.")) {
            assertThat(production.stream().anyMatch(c -> c.getName().startsWith(module))).as(module + " classes imported").isTrue();
        }
        for (ArchRule rule : RULES) {
            rule.check(production);
        }
    }

    /** The rules are not vacuous: the deliberate breaks in the test-only archfixture packages are caught. */
    @Test
    void everyRuleCatchesItsDeliberateBreak() {
        assertCaught(ENGINE_IS_HEADLESS, "javafx.beans.property.SimpleStringProperty");
        assertCaught(ENGINE_API_HAS_NO_DL4J_TYPES, "org.nd4j.linalg.api.ndarray.INDArray");
        assertCaught(VIEW_MODELS_HOLD_STATE_AND_COMMANDS_ONLY, "org.nd4j.linalg.factory.Nd4j");
        assertCaught(ONE_PLACE_HOPS_TO_THE_FX_THREAD, "ViewModelHoppingToFx");
        assertCaught(FRONT_ENDS_NEVER_TOUCH_DL4J, "CliUsingDl4j");
        assertCaught(CLI_AND_SERVER_ARE_HEADLESS, "CliUsingJavaFx");
        assertCaught(THE_SERVER_IS_A_LIBRARY, "ServerCallingTheCli");
        assertCaught(FRONT_ENDS_USE_THE_APPLICATION_LAYER, "CliWritingRunFiles");
        assertCaught(NO_FRONT_END_BUILDS_A_TRAINER_OR_A_NETWORK, "CliTrainingByHand");
        assertCaught(NO_FRONT_END_BUILDS_A_TRAINER_OR_A_NETWORK, "ServerBuildingANetwork");
        assertCaught(FRONT_ENDS_LEAVE_RUN_FILES_TO_THE_RUN_SERVICE, "ViewModelWritingARunFile");
        assertCaught(ONLY_ENTRY_POINTS_PRINT, "EngineClassPrinting");
        assertCaught(VIEWS_DO_NO_FILE_IO, "ViewWritingAFile");
        assertCaught(VIEWS_DO_NO_FILE_IO, "ViewSavingAProject");
    }

    private static void assertCaught(ArchRule rule, String expected) {
        EvaluationResult result = rule.evaluate(fixtures);
        assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
        assertThat(result.getFailureReport().toString()).as(rule.getDescription()).contains(expected);
    }
}
