package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.nn.GradMode;

/** Parity of the forward pass and greedy generation with the golden fixture qwen25vl-tiny-a. */
class TinyParityTest {

  static final float ATOL = 5e-5f;
  static Qwen25VlModel model;

  @BeforeAll
  static void load() throws Exception {
    var dir = Golden.dir();
    Qwen25VlConfig cfg = Qwen25VlConfig.read(dir);
    model =
        Qwen25VlModel.load(dir);
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  @Test
  void ropeIndexMatchesFixture() throws Exception {
    int[] ids = Golden.inputIds();
    RopeIndex r = RopeIndex.compute(ids, Golden.grids(), 151655, 151652, 2);
    Golden.Npy pos = Golden.npy("position_ids.npy");
    int n = ids.length;
    for (int a = 0; a < 3; a++) {
      for (int i = 0; i < n; i++) {
        assertThat(r.positions()[a][i]).as("axis %s pos %s", a, i).isEqualTo((int) pos.l()[a * n + i]);
      }
    }
    assertThat(r.ropeDelta(n)).isEqualTo((int) Golden.npy("rope_deltas.npy").l()[0]);
  }

  @Test
  void visionLayoutMatchesFixture() throws Exception {
    JsonNode v = Golden.json("inputs.json").get("vision");
    VisionLayout l = model.network().visual().layout(Golden.grids());
    assertThat(l.windowIndex()).containsExactly(Golden.ints(v.get("window_index")));
    assertThat(l.cuWindowSeqlens()).containsExactly(Golden.ints(v.get("cu_window_seqlens")));
    assertThat(l.cuSeqlens()).containsExactly(Golden.ints(v.get("cu_seqlens")));
  }

  @Test
  void visionTowerMatchesFixture() throws Exception {
    Golden.Npy px = Golden.npy("pixel_values.npy");
    try (NDScope scope = new NDScope()) {
      NDManager m = model.manager();
      NDArray x = m.create(px.f(), new Shape(px.shape()));
      List<NDArray> trace = new ArrayList<>();
      List<int[]> grids = Golden.grids();
      NDArray feats = GradMode.noGrad(() -> model.network().visual().forward(x, grids, trace));
      float pe = Golden.maxAbsDiff(trace.get(0).toFloatArray(), Golden.npy("vision_patch_embed.npy").f());
      assertThat(pe).as("patch embed").isLessThan(ATOL);
      Golden.Npy blocks = Golden.npy("vision_blocks_out.npy");
      int per = (int) (blocks.shape()[1] * blocks.shape()[2]);
      for (int b = 0; b < blocks.shape()[0]; b++) {
        float[] want = java.util.Arrays.copyOfRange(blocks.f(), b * per, (b + 1) * per);
        float d = Golden.maxAbsDiff(trace.get(b + 1).toFloatArray(), want);
        System.out.printf("vision block %d max|diff| %.3g%n", b, d);
        assertThat(d).as("block %s", b).isLessThan(ATOL);
      }
      float[] e0 = Golden.npy("image_embeds_0.npy").f();
      float[] e1 = Golden.npy("image_embeds_1.npy").f();
      float[] all = feats.toFloatArray();
      float d0 = Golden.maxAbsDiff(java.util.Arrays.copyOfRange(all, 0, e0.length), e0);
      float d1 = Golden.maxAbsDiff(java.util.Arrays.copyOfRange(all, e0.length, all.length), e1);
      System.out.printf("image embeds max|diff| %.3g %.3g%n", d0, d1);
      assertThat(Math.max(d0, d1)).isLessThan(ATOL);
    }
  }

  @Test
  void hiddenStatesAndLogitsMatchFixture() throws Exception {
    Golden.Npy px = Golden.npy("pixel_values.npy");
    int[] ids = Golden.inputIds();
    List<int[]> grids = Golden.grids();
    try (EncodedPrompt p = GradMode.noGrad(() -> model.encode(ids, px.f(), grids));
        NDScope scope = new NDScope()) {
      List<NDArray> trace = new ArrayList<>();
      NDArray logits = Golden.fullLogits(model, ids, p, trace);
      Golden.Npy hs = Golden.npy("hidden_states.npy");
      int per = ids.length * 32;
      for (int k = 0; k < 3; k++) {
        float[] want = java.util.Arrays.copyOfRange(hs.f(), k * per, (k + 1) * per);
        float d = Golden.maxAbsDiff(trace.get(k).toFloatArray(), want);
        System.out.printf("hidden state %d max|diff| %.3g%n", k, d);
        assertThat(d).as("hidden %s", k).isLessThan(ATOL);
      }
      float[] last4 = logits.get(new NDIndex("0, -4:, :")).toFloatArray();
      float d = Golden.maxAbsDiff(last4, Golden.npy("logits_last4.npy").f());
      System.out.printf("logits_last4 max|diff| %.3g%n", d);
      assertThat(d).isLessThan(ATOL);
    }
  }

  @Test
  void greedyGenerationMatchesFixture() throws Exception {
    Golden.Npy px = Golden.npy("pixel_values.npy");
    int[] ids = Golden.inputIds();
    int[] want = Golden.ints(Golden.json("generation.json").get("new_token_ids"));
    List<int[]> grids = Golden.grids();
    try (EncodedPrompt p = GradMode.noGrad(() -> model.encode(ids, px.f(), grids))) {
      var out =
          model.generateIds(List.of(p), new SamplingConfig(12, 0, 0, 1, 1, 0), true).get(0);
      assertThat(out.tokenIds()).containsExactly(want);
      assertThat(out.promptIds()).containsExactly(ids);
    }
  }
}
