package studio.mammoth.e2e;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import studio.mammoth.app.shell.Workspaces;

/**
 * The layering of the modules: common at the bottom; model-runtime and tinyformer-studio on top of it and blind to each
 * other; the app (the only JavaFX code) on top of everything. Workspaces do not reference each other either.
 */
class ArchitectureTest {
    private static final String COMMON = "studio.mammoth.common..";
    private static final String MODEL = "studio.mammoth.model..";
    private static final String TINYFORMER = "studio.mammoth.tinyformer..";
    private static final String APP = "studio.mammoth.app..";
    private static final String JAVAFX = "javafx..";

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("studio.mammoth");
    }

    private static ArchRule mustNotUse(String layer, String... forbidden) {
        return noClasses().that().resideInAPackage(layer).should().dependOnClassesThat().resideInAnyPackage(forbidden);
    }

    @Test
    void theRulesSeeEveryModulesProductionClasses() {
        // Without this, a rule over an empty import would pass whatever the code does.
        for (String module : List.of("studio.mammoth.common.task", "studio.mammoth.model.engine", "studio.mammoth.tinyformer",
                "studio.mammoth.app.shell")) {
            assertTrue(classes.stream().anyMatch(c -> c.getPackageName().startsWith(module)), "no classes imported from " + module);
        }
        assertFalse(classes.stream().anyMatch(c -> c.getSimpleName().endsWith("Test")), "test classes were imported");
    }

    @Test
    void commonDependsOnNoOtherModuleAndNoJavaFx() {
        mustNotUse(COMMON, MODEL, TINYFORMER, APP, JAVAFX).check(classes);
    }

    @Test
    void modelRuntimeKnowsNeitherTinyformerNorTheAppNorJavaFx() {
        mustNotUse(MODEL, TINYFORMER, APP, JAVAFX).check(classes);
    }

    @Test
    void tinyformerKnowsNeitherTheModelRuntimeNorTheAppNorJavaFx() {
        mustNotUse(TINYFORMER, MODEL, APP, JAVAFX).check(classes);
    }

    @Test
    void workspacesTalkThroughEventsNotThroughEachOther() {
        List<String> workspaces = Workspaces.ids();
        for (String workspace : workspaces) {
            String[] others = workspaces.stream().filter(w -> !w.equals(workspace)).map(w -> "studio.mammoth.app." + w + "..")
                    .toArray(String[]::new);
            mustNotUse("studio.mammoth.app." + workspace + "..", others).check(classes);
        }
    }

    @Test
    void theRuleShapeCatchesARealViolation() {
        // The app's shell does use JavaFX: the same kind of rule must report it, or the rules above prove nothing.
        assertTrue(mustNotUse("studio.mammoth.app.shell..", JAVAFX).evaluate(classes).hasViolation());
        assertTrue(mustNotUse("studio.mammoth.app.shell..", MODEL).evaluate(classes).hasViolation());
    }
}
