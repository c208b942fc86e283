package io.modelbench.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import javafx.application.Platform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layering rules of docs/ARCHITECTURE.md, checked on the compiled classes of the engine, the desktop
 * app and the CLI (all on this module's test class path). A break fails the build.
 */
class ArchitectureTest {

    private static JavaClasses production;
    private static JavaClasses fixtures;

    @BeforeAll
    static void importClasses() {
        // main classes of this module (target/classes) and of the engine (its jar), never test classes
        production = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/test-classes/") && !location.contains("-tests.jar"))
                .importPackages("io.modelbench");
        fixtures = new ClassFileImporter()
                .importPackages("io.modelbench.engine.archfixture", "io.modelbench.desktop.viewmodel.archfixture");
    }

    static final ArchRule ENGINE_IS_HEADLESS = noClasses().that().resideInAPackage("io.modelbench.engine..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "io.modelbench.desktop..", "io.modelbench.cli..")
            .because("the engine runs headless: command line, servers, tests");

    static final ArchRule ENGINE_API_HAS_NO_DL4J_TYPES = noClasses().that().resideInAPackage("io.modelbench.engine.api..")
            .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
            .because("the engine's API is records and interfaces that callers can use without DL4J");

    static final ArchRule VIEW_MODELS_SPEAK_TO_THE_ENGINE_API_ONLY = noClasses().that().resideInAPackage("io.modelbench.desktop.viewmodel..")
            .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..", "org.bytedeco..",
                    "javafx.scene..", "javafx.stage..", "javafx.fxml..", "io.modelbench.desktop.view..", "io.modelbench.desktop.app..")
            .because("view models hold state and commands; they are tested without a toolkit and never touch DL4J");

    static final ArchRule VIEWS_NEVER_TOUCH_DL4J = noClasses().that().resideInAPackage("io.modelbench.desktop..")
            .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..", "org.bytedeco..")
            .because("the desktop app reaches DL4J only through the engine");

    static final ArchRule ONE_PLACE_HOPS_TO_THE_FX_THREAD = noClasses().that().resideOutsideOfPackage("io.modelbench.desktop.app..")
            .should().callMethod(Platform.class, "runLater", Runnable.class)
            .because("engine events reach the UI thread through one coalescing scheduler (FxUiScheduler)");

    static final ArchRule THE_DESKTOP_TRAINS_THROUGH_THE_RUN_SERVICE = noClasses().that().resideInAPackage("io.modelbench.desktop..")
            .should().dependOnClassesThat().belongToAnyOf(io.modelbench.engine.train.Trainer.class, io.modelbench.engine.io.ModelFiles.class)
            .orShould().callMethod(io.modelbench.engine.project.Project.class, "writeRun", io.modelbench.engine.project.RunInfo.class)
            .orShould().callMethod(io.modelbench.engine.project.Project.class, "newRun", io.modelbench.engine.api.TrainingRequest.class,
                    io.modelbench.engine.project.DatasetRecipe.class, java.util.Map.class)
            .because("runs are started, resumed, recorded and saved by the engine's application layer (engine.app.RunService), "
                    + "which every front end shares");

    @Test
    void theRulesHoldForTheProductionCode() {
        assertThat(production.size()).as("classes imported").isGreaterThan(40);
        ENGINE_IS_HEADLESS.check(production);
        ENGINE_API_HAS_NO_DL4J_TYPES.check(production);
        VIEW_MODELS_SPEAK_TO_THE_ENGINE_API_ONLY.check(production);
        VIEWS_NEVER_TOUCH_DL4J.check(production);
        ONE_PLACE_HOPS_TO_THE_FX_THREAD.check(production);
        THE_DESKTOP_TRAINS_THROUGH_THE_RUN_SERVICE.check(production);
    }

    /** The rules are not vacuous: the deliberate breaks in the test-only archfixture packages are caught. */
    @Test
    void theRulesCatchABreak() {
        EvaluationResult fx = ENGINE_IS_HEADLESS.evaluate(fixtures);
        assertThat(fx.hasViolation()).isTrue();
        assertThat(fx.getFailureReport().toString()).contains("javafx.beans.property.SimpleStringProperty");
        EvaluationResult dl4j = VIEW_MODELS_SPEAK_TO_THE_ENGINE_API_ONLY.evaluate(fixtures);
        assertThat(dl4j.hasViolation()).isTrue();
        assertThat(dl4j.getFailureReport().toString()).contains("org.nd4j.linalg.factory.Nd4j");
        EvaluationResult training = THE_DESKTOP_TRAINS_THROUGH_THE_RUN_SERVICE.evaluate(fixtures);
        assertThat(training.getFailureReport().toString()).contains("io.modelbench.engine.train.Trainer")
                .contains("Project.writeRun");
    }
}
