package io.cloudsweep.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The engine knows nothing of the frameworks around it. */
class ArchitectureTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.cloudsweep.engine");

    @Test
    void engineDependsOnNoFramework() {
        noClasses().that().resideInAPackage("io.cloudsweep.engine..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "software.amazon..",      // AWS SDK
                        "com.slack..",            // Slack Bolt
                        "com.microsoft.bot..",    // Bot Framework
                        "org.jdbi..", "java.sql..", "javax.sql..", "org.postgresql..", "org.flywaydb..",
                        "io.undertow..",
                        "org.quartz..",
                        "picocli..", "org.slf4j..")
                .because("engine/ is the functional core; adapters and bot/ hold the frameworks")
                .check(ENGINE);
    }

    @Test
    void engineHoldsClassesToCheck() {
        org.assertj.core.api.Assertions.assertThat(ENGINE).hasSizeGreaterThan(30);
    }
}
