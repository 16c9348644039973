package org.robustr1.demo.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.embedded.EmbeddedModel;

class PhotometricAugmentationTest {

  private static final PretrainingTasks TASKS = PretrainingTasks.of(3L, EmbeddedModel.IMAGE_SIZE);

  @Test
  void theSameSeedGivesTheSameImageAndProbabilityZeroChangesNothing() {
    RgbImage clean = TASKS.image(TASKS.scene(0));
    for (long seed = 0; seed < 8; seed++) {
      RgbImage a = PhotometricAugmentation.apply(clean, seed, 1.0);
      RgbImage b = PhotometricAugmentation.apply(clean, seed, 1.0);
      assertThat(a.pixels()).isEqualTo(b.pixels());
      assertThat(a.width()).isEqualTo(clean.width());
      assertThat(a.height()).isEqualTo(clean.height());
    }
    assertThat(PhotometricAugmentation.apply(clean, 5, 0.0)).isSameAs(clean);
  }

  @Test
  void augmentedImagesSpreadTheStatisticsTheTowerLearnsToKeep() {
    RgbImage clean = TASKS.image(TASKS.scene(0));
    int changed = 0;
    double[] laplacian = new double[32];
    int k = PixelStatistics.NAMES.indexOf("laplacian_median");
    for (int seed = 0; seed < laplacian.length; seed++) {
      RgbImage a = PhotometricAugmentation.apply(clean, seed, 1.0);
      changed += Arrays.equals(a.pixels(), clean.pixels()) ? 0 : 1;
      float[] s = PixelStatistics.of(a, 28);
      laplacian[seed] = s[k];
    }
    assertThat(changed).isGreaterThanOrEqualTo(28);
    double min = Arrays.stream(laplacian).min().orElseThrow();
    double max = Arrays.stream(laplacian).max().orElseThrow();
    assertThat(max).isGreaterThan(3 * min + 0.01);
  }

  @Test
  void aProbabilityOutsideZeroToOneIsRefused() {
    RgbImage clean = TASKS.image(TASKS.scene(0));
    assertThatThrownBy(() -> PhotometricAugmentation.apply(clean, 1, 1.5)).hasMessageContaining("probability");
  }
}
