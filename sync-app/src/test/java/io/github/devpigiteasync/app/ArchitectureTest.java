package io.github.devpigiteasync.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency directions of the house style, checked over every module's main classes. It lives
 * here because only the runnable jar's module has every other module on its class path.
 */
class ArchitectureTest {
  private static final String BASE = "io.github.devpigiteasync";
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(BASE);
  }

  @Test
  void everyModuleIsOnTheClassPath() {
    for (String module :
        new String[] {"gitea", "devpi", "sync", "store", "cli", "server", "testkit", "app"}) {
      assertThat(classes.containPackage(BASE + "." + module))
          .as("main classes of %s.%s imported", BASE, module)
          .isTrue();
    }
  }

  @Test
  void giteaClientDependsOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage(BASE + ".gitea..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            BASE + ".devpi..",
            BASE + ".sync..",
            BASE + ".cli..",
            BASE + ".server..",
            BASE + ".testkit..",
            BASE + ".app..")
        .check(classes);
  }

  @Test
  void devpiClientDependsOnNoOtherModule() {
    noClasses()
        .that()
        .resideInAPackage(BASE + ".devpi..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            BASE + ".gitea..",
            BASE + ".sync..",
            BASE + ".cli..",
            BASE + ".server..",
            BASE + ".testkit..",
            BASE + ".app..")
        .check(classes);
  }

  @Test
  void httpSupportDependsOnNoProjectModule() {
    noClasses()
        .that()
        .resideInAPackage(BASE + ".http..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            BASE + ".gitea..",
            BASE + ".devpi..",
            BASE + ".sync..",
            BASE + ".cli..",
            BASE + ".server..",
            BASE + ".testkit..")
        .check(classes);
  }

  @Test
  void onlyTheClientsUseHttpSupport() {
    noClasses()
        .that()
        .resideOutsideOfPackages(BASE + ".http..", BASE + ".gitea..", BASE + ".devpi..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BASE + ".http..")
        .because("http-support is the clients' plumbing, not an API of the application")
        .check(classes);
  }

  @Test
  void theEngineKnowsNeitherTheAppsNorTheSimulators() {
    noClasses()
        .that()
        .resideInAPackage(BASE + ".sync..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            BASE + ".cli..", BASE + ".server..", BASE + ".testkit..", BASE + ".app..")
        .check(classes);
  }

  @Test
  void theStoreDependsOnlyOnTheEngineAmongTheModules() {
    noClasses()
        .that()
        .resideInAPackage(BASE + ".store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            BASE + ".gitea..",
            BASE + ".devpi..",
            BASE + ".cli..",
            BASE + ".server..",
            BASE + ".testkit..",
            BASE + ".app..")
        .check(classes);
  }

  @Test
  void neitherTheEngineNorTheClientsDependOnTheStore() {
    noClasses()
        .that()
        .resideInAnyPackage(BASE + ".sync..", BASE + ".gitea..", BASE + ".devpi..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BASE + ".store..")
        .check(classes);
  }

  @Test
  void commandLineAndServerNeverDependOnEachOther() {
    noClasses()
        .that()
        .resideInAPackage(BASE + ".cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BASE + ".server..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage(BASE + ".server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BASE + ".cli..")
        .check(classes);
  }

  @Test
  void noProductionClassOutsideTheDemoUsesTheSimulators() {
    noClasses()
        .that()
        .resideOutsideOfPackages(BASE + ".testkit..", BASE + ".app.demo..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BASE + ".testkit..")
        .because("the simulators ship only for --demo; everything else uses them in tests only")
        .check(classes);
  }

  @Test
  void nothingDependsOnTheRunnableJarsModule() {
    noClasses()
        .that()
        .resideOutsideOfPackage(BASE + ".app..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(BASE + ".app..")
        .because("sync-app only joins the other modules into the runnable jar")
        .check(classes);
  }

  @Test
  void noModuleReachesIntoAnotherModulesInternals() {
    for (String module : new String[] {"gitea", "devpi", "sync", "testkit"}) {
      noClasses()
          .that()
          .resideOutsideOfPackage(BASE + "." + module + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(BASE + "." + module + ".internal..")
          .because(module + ".internal is not an API")
          .check(classes);
    }
  }
}
