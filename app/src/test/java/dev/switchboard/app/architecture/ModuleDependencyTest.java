package dev.switchboard.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule of docs/ARCHITECTURE.md, checked on the compiled main code of every
 * module: {@code core ← engine ← {presence-graph, store, http, sim} ← app}; the core depends on
 * nothing but the JDK, and adapters never depend on each other.
 */
class ModuleDependencyTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        // The other modules come as jars when Maven verifies, as folders when it only tests:
        // import both, but only the project's own main code.
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("dev.switchboard");
    }

    @Test
    void everyModuleIsImported() {
        for (String pkg : java.util.List.of(
                "dev.switchboard.core",
                "dev.switchboard.engine",
                "dev.switchboard.presence.graph",
                "dev.switchboard.store",
                "dev.switchboard.http",
                "dev.switchboard.sim",
                "dev.switchboard.app")) {
            org.assertj.core.api.Assertions.assertThat(classes.containPackage(pkg))
                    .as(pkg)
                    .isTrue();
        }
    }

    @Test
    void theCoreDependsOnTheJdkOnly() {
        classes()
                .that()
                .resideInAPackage("dev.switchboard.core..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.switchboard.core..", "java..")
                .check(classes);
    }

    @Test
    void theEngineDependsOnTheCoreAndPlainLibrariesOnly() {
        classes()
                .that()
                .resideInAPackage("dev.switchboard.engine..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "dev.switchboard.core..",
                        "dev.switchboard.engine..",
                        "java..",
                        "org.slf4j..",
                        "com.fasterxml.jackson..")
                .check(classes);
    }

    @Test
    void adaptersNeverDependOnEachOtherOrOnTheApp() {
        String[] adapters = {
            "dev.switchboard.presence.graph..",
            "dev.switchboard.store..",
            "dev.switchboard.http..",
            "dev.switchboard.sim..",
        };
        for (String adapter : adapters) {
            String[] others = java.util.Arrays.stream(adapters)
                    .filter(a -> !a.equals(adapter))
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(adapter)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .check(classes);
            noClasses()
                    .that()
                    .resideInAPackage(adapter)
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.switchboard.app..")
                    .check(classes);
        }
    }

    @Test
    void microsoftVocabularyStaysInTheGraphAdapter() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "dev.switchboard.presence.graph..", "dev.switchboard.app..", "dev.switchboard.sim.tenant..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.microsoft..")
                .check(classes);
    }
}
