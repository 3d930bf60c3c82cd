package io.roleport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the layers of STYLE.md: web to application to domain; infrastructure implements ports. */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.roleport");
  }

  @Test
  void dependenciesPointInward() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("web").definedBy("io.roleport.web..")
        .layer("application").definedBy("io.roleport.application..")
        .layer("domain").definedBy("io.roleport.domain..")
        .layer("infrastructure").definedBy("io.roleport.infrastructure..")
        .whereLayer("web").mayNotBeAccessedByAnyLayer()
        .whereLayer("application").mayOnlyBeAccessedByLayers("web", "infrastructure")
        .whereLayer("infrastructure").mayOnlyBeAccessedByLayers("web")
        .check(classes);
  }

  @Test
  void awsSdkTypesStayInTheAwsAdapter() {
    noClasses().that().resideOutsideOfPackage("io.roleport.infrastructure.cloud.aws..")
        .should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..")
        .check(classes);
  }

  @Test
  void azureSdkTypesStayInTheAzureAdapter() {
    noClasses().that().resideOutsideOfPackage("io.roleport.infrastructure.cloud.azure..")
        .should().dependOnClassesThat().resideInAnyPackage("com.azure..", "com.microsoft.aad..")
        .check(classes);
  }

  @Test
  void theDomainKnowsNoContainerServices() {
    noClasses().that().resideInAPackage("io.roleport.domain..")
        .should().dependOnClassesThat().resideInAnyPackage("jakarta.enterprise..", "jakarta.inject..",
            "jakarta.faces..", "jakarta.servlet..", "jakarta.transaction..")
        .check(classes);
  }
}
