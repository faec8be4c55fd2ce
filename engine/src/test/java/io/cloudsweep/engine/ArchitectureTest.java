package io.cloudsweep.engine;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The engine knows nothing of the frameworks around it, and its packages are layered without cycles. */
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
    void enginePackagesDependOnEachOtherWithoutCycles() {
        slices().matching("io.cloudsweep.engine.(*)..").should().beFreeOfCycles().check(ENGINE);
    }

    /**
     * model → rules, pricing, approval → cleanup, scan, demo → store → decisions, report → chat: each layer uses those below
     * it, never one above.
     */
    @Test
    void engineLayersPointDownOnly() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("model").definedBy("io.cloudsweep.engine.model..", "io.cloudsweep.engine.config..", "io.cloudsweep.engine.format..")
                .layer("policies").definedBy("io.cloudsweep.engine.rules..", "io.cloudsweep.engine.pricing..", "io.cloudsweep.engine.approval..")
                .layer("services").definedBy("io.cloudsweep.engine.cleanup..", "io.cloudsweep.engine.scan..", "io.cloudsweep.engine.demo..")
                .layer("store").definedBy("io.cloudsweep.engine.store..")
                .layer("decisions").definedBy("io.cloudsweep.engine.decisions..")
                .layer("report").definedBy("io.cloudsweep.engine.report..")
                .layer("chat").definedBy("io.cloudsweep.engine.chat..")
                .whereLayer("chat").mayNotBeAccessedByAnyLayer()
                .whereLayer("decisions").mayOnlyBeAccessedByLayers("chat")
                .whereLayer("report").mayOnlyBeAccessedByLayers("chat")
                .whereLayer("store").mayOnlyBeAccessedByLayers("decisions", "report", "chat")
                .whereLayer("services").mayOnlyBeAccessedByLayers("store", "decisions", "report", "chat")
                .whereLayer("policies").mayOnlyBeAccessedByLayers("services", "store", "decisions", "report", "chat")
                .check(ENGINE);
    }

    @Test
    void engineHoldsClassesToCheck() {
        org.assertj.core.api.Assertions.assertThat(ENGINE).hasSizeGreaterThan(30);
    }
}
