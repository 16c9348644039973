package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.nn.GradMode;

/**
 * KV-cache generation equals recomputation, a left-padded batch equals per-prompt generation, and
 * teacher-forced scoring reproduces generation log-probs (on the tiny-a fixture weights).
 */
class GenerationConsistencyTest {

  static Qwen25VlModel model;
  static EncodedPrompt twoImages;
  static EncodedPrompt oneImage;
  static EncodedPrompt textOnly;

  @BeforeAll
  static void load() throws Exception {
    var dir = Golden.dir();
    model =
        Qwen25VlModel.load(dir);
    Golden.Npy px = Golden.npy("pixel_values.npy");
    int[] ids = Golden.inputIds();
    List<int[]> grids = Golden.grids();
    twoImages = GradMode.noGrad(() -> model.encode(ids, px.f(), grids));
    // drop the second image block: <|vision_start|> + 35 pads + <|vision_end|> at 28..64
    List<Integer> one = new ArrayList<>();
    for (int i = 0; i < ids.length; i++) {
      if (i < 28 || i > 64) {
        one.add(ids[i]);
      }
    }
    int[] oneIds = one.stream().mapToInt(Integer::intValue).toArray();
    float[] px0 = Arrays.copyOf(px.f(), 48 * 1176);
    oneImage = GradMode.noGrad(() -> model.encode(oneIds, px0, List.of(grids.get(0))));
    int[] text = {151644, 872, 198, 3838, 594, 304, 1493, 30, 151645, 198, 151644, 77091, 198};
    textOnly = model.encode(text, null, List.of());
  }

  @AfterAll
  static void close() {
    for (EncodedPrompt p : new EncodedPrompt[] {twoImages, oneImage, textOnly}) {
      if (p != null) {
        p.close();
      }
    }
    if (model != null) {
      model.close();
    }
  }

  @Test
  void kvCacheEqualsRecomputation() {
    SamplingConfig greedy = SamplingConfig.greedy(10);
    var cached = model.generateIds(List.of(twoImages), greedy, true).get(0);
    var full = model.generateIds(List.of(twoImages), greedy, false).get(0);
    assertThat(cached.tokenIds()).containsExactly(full.tokenIds());
    for (int i = 0; i < cached.logProbs().length; i++) {
      assertThat(cached.logProbs()[i]).isCloseTo(full.logProbs()[i], org.assertj.core.data.Offset.offset(1e-5f));
    }
  }

  @Test
  void leftPaddedBatchEqualsSinglePrompts() {
    SamplingConfig greedy = SamplingConfig.greedy(8);
    List<EncodedPrompt> all = List.of(oneImage, twoImages, textOnly);
    var batch = model.generateIds(all, greedy, true);
    for (int i = 0; i < all.size(); i++) {
      var single = model.generateIds(List.of(all.get(i)), greedy, true).get(0);
      assertThat(batch.get(i).tokenIds()).as("row %s", i).containsExactly(single.tokenIds());
      assertThat(batch.get(i).promptIds()).containsExactly(all.get(i).ids());
    }
    var noCache = model.generateIds(all, greedy, false);
    for (int i = 0; i < all.size(); i++) {
      assertThat(noCache.get(i).tokenIds()).containsExactly(batch.get(i).tokenIds());
    }
  }

  @Test
  void aListenerSeesEveryTokenAndEndsARowEarly() {
    SamplingConfig greedy = SamplingConfig.greedy(8);
    List<EncodedPrompt> all = List.of(oneImage, twoImages);
    var full = model.generateIds(all, greedy, true);
    List<List<Integer>> seen = List.of(new ArrayList<>(), new ArrayList<>());
    // row 0 ends after its third token; row 1 runs to the end
    var cut = model.generateIds(all, greedy, true, (row, tok, stop) -> {
      seen.get(row).add(tok);
      return row != 0 || seen.get(0).size() < 3;
    });
    assertThat(cut.get(0).tokenIds()).containsExactly(Arrays.copyOf(full.get(0).tokenIds(), 3));
    assertThat(cut.get(1).tokenIds()).containsExactly(full.get(1).tokenIds());
    for (int r = 0; r < 2; r++) {
      assertThat(seen.get(r).stream().mapToInt(Integer::intValue).toArray()).containsExactly(cut.get(r).tokenIds());
    }
  }

  @Test
  void sampledGenerationIsSeededAndBatchIndependent() {
    SamplingConfig s = new SamplingConfig(6, 0.9, 50, 0.95, 1.05, 1234L);
    var a = model.generateIds(List.of(twoImages, textOnly), s, true);
    var b = model.generateIds(List.of(twoImages, textOnly), s, true);
    for (int i = 0; i < 2; i++) {
      assertThat(a.get(i).tokenIds()).containsExactly(b.get(i).tokenIds());
    }
    var c = model.generateIds(List.of(twoImages, textOnly), new SamplingConfig(6, 0.9, 50, 0.95, 1.05, 99L), true);
    assertThat(Arrays.equals(a.get(0).tokenIds(), c.get(0).tokenIds())
            && Arrays.equals(a.get(1).tokenIds(), c.get(1).tokenIds()))
        .as("another seed gives other samples")
        .isFalse();
  }

  @Test
  void teacherForcedLogProbsMatchGeneration() {
    var gen = model.generateIds(List.of(twoImages), SamplingConfig.greedy(6), true).get(0);
    int[] shorter = Arrays.copyOf(gen.tokenIds(), 3);
    float[] lp;
    try (NDArray arr = GradMode.noGrad(() -> model.logProbs(twoImages, List.of(gen.tokenIds(), shorter)))) {
      assertThat(arr.getShape().getShape()).containsExactly(2, 6);
      lp = arr.toFloatArray();
    }
    for (int t = 0; t < 6; t++) {
      assertThat(lp[t]).as("row 0 pos %s", t).isCloseTo(gen.logProbs()[t], org.assertj.core.data.Offset.offset(2e-5f));
    }
    for (int t = 0; t < 3; t++) {
      assertThat(lp[6 + t]).isCloseTo(gen.logProbs()[t], org.assertj.core.data.Offset.offset(2e-5f));
    }
    for (int t = 3; t < 6; t++) {
      assertThat(lp[6 + t]).as("padding").isEqualTo(0f);
    }
  }
}
