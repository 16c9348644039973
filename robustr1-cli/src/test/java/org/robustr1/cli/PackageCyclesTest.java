package org.robustr1.cli;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
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

  /**
   * {@code train.loop.Resume} is the one known exception: {@code RunOptions} (package {@code train})
   * and {@code Checkpointer} ({@code train.checkpoint}) name it while {@code TrainingLoop} uses
   * both, a cycle {@code train -> train.loop -> train}. Its home is {@code train.checkpoint}; the
   * move waits for robustr1-demo's import of it to change in the same commit.
   */
  private static final DescribedPredicate<JavaClass> KNOWN_EXCEPTION =
      JavaClass.Predicates.belongToAnyOf(org.robustr1.train.loop.Resume.class);

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
    ArchRule rule = slices().matching("org.robustr1.(**)").should().beFreeOfCycles()
        .ignoreDependency(DescribedPredicate.alwaysTrue(), KNOWN_EXCEPTION);
    rule.check(classes);
  }
}
