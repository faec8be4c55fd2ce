package io.cloudsweep.bot;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/** The adapters and storage know the engine, never each other: only bot/ wires them together. */
class ModulesTest {

    private static final List<String> MODULES = List.of("io.cloudsweep.adapters.aws", "io.cloudsweep.adapters.slack",
            "io.cloudsweep.adapters.teams", "io.cloudsweep.storage");
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar")) // the AWS fakes, a test jar
            .importPackages(MODULES);

    @ParameterizedTest
    @ValueSource(strings = {"io.cloudsweep.adapters.aws", "io.cloudsweep.adapters.slack", "io.cloudsweep.adapters.teams", "io.cloudsweep.storage"})
    void aModuleDependsOnNoneOfTheOthers(String module) {
        noClasses().that().resideInAPackage(module + "..")
                .should().dependOnClassesThat().resideInAnyPackage(MODULES.stream().filter(other -> !other.equals(module)).map(other -> other + "..")
                        .toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void everyModuleIsThereToCheck() {
        assertThat(CLASSES.stream().map(javaClass -> javaClass.getPackageName()).distinct()).containsAll(MODULES);
    }
}
