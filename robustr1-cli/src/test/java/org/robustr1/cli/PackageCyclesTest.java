package org.robustr1.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * No import cycle between the packages of the production code: every module this one depends on
 * (core, api, degrade, model, train, eval, tiny, demo and this CLI), each package its own slice.
 * Tests and test jars are left out.
 */
class PackageCyclesTest {

  private static JavaClasses production() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("org.robustr1");
  }

  @Test
  void productionPackagesAreFreeOfCycles() {
    JavaClasses classes = production();
    assertThat(classes.containPackage("org.robustr1.model.nn")).isTrue();
    assertThat(classes.containPackage("org.robustr1.eval.score")).isTrue();
    assertThat(classes.containPackage("org.robustr1.train.loop")).isTrue();
    ArchRule rule = slices().matching("org.robustr1.(**)").should().beFreeOfCycles();
    rule.check(classes);
  }
}
