package dev.darkroom.web;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module dependency rule of docs/architecture.md, stated once: dependencies point down the list
 * core → storage-adapters → batch-jobs → temporal-orchestrator → web, and core is plain domain code
 * (no Spring Batch, Temporal or web types). The web module is the only one whose test class path
 * holds every other module (cli as a test dependency, for its end-to-end tests), so the rule lives
 * here. The cli module is a client of the REST API: it uses no server module at all.
 */
class ModuleDependencyRulesTest {

  static JavaClasses classes;

  @BeforeAll
  static void importDarkroom() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.darkroom", "db.migration");
  }

  @Test
  void coreDependsOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.darkroom.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.darkroom.storage..",
            "dev.darkroom.batch..",
            "dev.darkroom.orchestrator..",
            "dev.darkroom.web..",
            "dev.darkroom.cli..")
        .check(classes);
  }

  @Test
  void coreHasNoBatchTemporalOrWebTypes() {
    noClasses()
        .that()
        .resideInAPackage("dev.darkroom.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework.batch..",
            "io.temporal..",
            "org.springframework.web..",
            "org.springframework.http..",
            "jakarta.servlet..")
        .check(classes);
  }

  @Test
  void storageAdaptersDependOnlyOnCore() {
    noClasses()
        .that()
        .resideInAPackage("dev.darkroom.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.darkroom.batch..", "dev.darkroom.orchestrator..", "dev.darkroom.web..")
        .check(classes);
  }

  @Test
  void batchJobsKnowNothingOfTemporalOrWeb() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.darkroom.batch..", "db.migration..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.darkroom.orchestrator..", "dev.darkroom.web..", "io.temporal..")
        .check(classes);
  }

  @Test
  void cliIsAClientOfTheApiAndUsesNoServerModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.darkroom.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.darkroom.storage..",
            "dev.darkroom.batch..",
            "dev.darkroom.orchestrator..",
            "dev.darkroom.web..",
            "org.springframework..")
        .check(classes);
  }

  @Test
  void nothingDependsOnWeb() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.darkroom.web..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.darkroom.web..")
        .check(classes);
  }
}
