package org.robustr1.demo.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.embedded.EmbeddedTokenizer;
import org.robustr1.model.tokenizer.QwenTokenizer;

class AppearanceTest {

  private static final PretrainingTasks TASKS = PretrainingTasks.of(9, EmbeddedModel.IMAGE_SIZE);

  private static RgbImage scene() {
    return TASKS.image(TASKS.scene(3));
  }

  private static RgbImage map(RgbImage img, IntUnaryOperator f) {
    byte[] px = img.pixels().clone();
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) Math.max(0, Math.min(255, f.applyAsInt(px[i] & 0xFF)));
    }
    return new RgbImage(img.width(), img.height(), px);
  }

  private static RgbImage boxBlur(RgbImage img, int radius) {
    int w = img.width();
    int h = img.height();
    byte[] px = img.pixels();
    byte[] out = new byte[px.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          int sum = 0;
          int n = 0;
          for (int dy = -radius; dy <= radius; dy++) {
            for (int dx = -radius; dx <= radius; dx++) {
              int xx = Math.min(w - 1, Math.max(0, x + dx));
              int yy = Math.min(h - 1, Math.max(0, y + dy));
              sum += px[(yy * w + xx) * 3 + c] & 0xFF;
              n++;
            }
          }
          out[(y * w + x) * 3 + c] = (byte) Math.round(sum / (float) n);
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  @Test
  void anUnchangedPictureLooksClean() {
    assertThat(Appearance.describe(scene(), scene())).isEqualTo(Appearance.CLEAN);
  }

  @Test
  void theWordsFollowThePixels() {
    RgbImage clean = scene();
    assertThat(Appearance.describe(clean, map(clean, v -> v * 6 / 10))).contains("darker").doesNotContain("brighter");
    assertThat(Appearance.describe(clean, boxBlur(clean, 2))).contains("blurred").doesNotContain("grainy");
    SplittableRandom r = new SplittableRandom(1);
    String noisy = Appearance.describe(clean, map(clean, v -> v + (int) Math.round(25 * (r.nextDouble() * 2 - 1) * 1.7)));
    assertThat(noisy).contains("grainy").doesNotContain("blurred");
    assertThat(noisy).startsWith("The picture looks ").endsWith(".");
  }

  @Test
  void picturesOfDifferentSizesAreRefusedWithBothSizes() {
    RgbImage small = new RgbImage(56, 56, new byte[56 * 56 * 3]);
    assertThatThrownBy(() -> Appearance.describe(scene(), small))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("112x112").hasMessageContaining("56x56");
  }

  @Test
  void appearanceSamplesShowTheSceneAndDescribeItInWordsOfTheEmbeddedVocabulary(@TempDir Path tmp) throws Exception {
    PretrainingTasks a = PretrainingTasks.of(6, EmbeddedModel.IMAGE_SIZE, Map.of(PretrainingTasks.Task.APPEARANCE, 1.0));
    PretrainingTasks b = PretrainingTasks.of(6, EmbeddedModel.IMAGE_SIZE, Map.of(PretrainingTasks.Task.APPEARANCE, 1.0));
    int unk = EmbeddedTokenizer.tokenId(EmbeddedTokenizer.UNK);
    int clean = 0;
    try (QwenTokenizer tok = QwenTokenizer.load(EmbeddedModel.writeCheckpointFiles(tmp))) {
      for (int i = 0; i < 40; i++) {
        PretrainingTasks.Sample s = a.sample(i);
        assertThat(s.task()).isEqualTo(PretrainingTasks.Task.APPEARANCE);
        assertThat(s.user()).isEqualTo(Appearance.QUESTION);
        assertThat(s.image()).isNotNull();
        assertThat(s.target()).startsWith("The picture looks ");
        assertThat(tok.encode(s.user() + " " + s.target())).as(s.target()).doesNotContain(unk);
        assertThat(s.target()).isEqualTo(b.sample(i).target());
        assertThat(s.image().pixels()).isEqualTo(b.sample(i).image().pixels());
        clean += s.target().equals(Appearance.CLEAN) ? 1 : 0;
      }
    }
    assertThat(clean).isBetween(4, 30);
  }
}
