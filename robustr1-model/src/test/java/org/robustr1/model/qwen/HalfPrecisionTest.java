package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.device.Precision;
import org.robustr1.model.nn.GradMode;

/**
 * The golden tiny-a checkpoint in fp16 on the CPU: every weight, feature and cache array is fp16
 * (no silent promotion to fp32 by an fp32 table or mask), the logits stay close to the fp32
 * fixture, greedy generation runs, and scoring refuses half weights. The same code path runs on
 * the GPU ({@code scripts/gpu-check.sh} reports its ids and logit error there).
 */
class HalfPrecisionTest {

  static Qwen25VlModel model;

  @BeforeAll
  static void load() throws Exception {
    model = Qwen25VlModel.loader(Golden.dir()).optDevice(Device.cpu()).optPrecision(Precision.FP16).load();
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  @Test
  void weightsAreHalfOnTheCpu() {
    assertThat(model.precision()).isEqualTo(Precision.FP16);
    assertThat(model.device()).isEqualTo(Device.cpu());
    for (Parameter p : model.namedParameters().values()) {
      assertThat(p.getArray().getDataType()).as(p.getName()).isEqualTo(DataType.FLOAT16);
      assertThat(p.getArray().getDevice()).isEqualTo(Device.cpu());
    }
    assertThat(model.fingerprint().toString()).contains("fp16");
  }

  @Test
  void logitsStayCloseToTheFp32Fixture() throws Exception {
    Golden.Npy px = Golden.npy("pixel_values.npy");
    int[] ids = Golden.inputIds();
    List<int[]> grids = Golden.grids();
    try (EncodedPrompt p = GradMode.noGrad(() -> model.encode(ids, px.f(), grids));
        NDScope scope = new NDScope()) {
      assertThat(p.features().getDataType()).isEqualTo(DataType.FLOAT16);
      NDArray logits = Golden.fullLogits(model, ids, p, null);
      assertThat(logits.getDataType()).isEqualTo(DataType.FLOAT16);
      float[] last4 = logits.get(new NDIndex("0, -4:, :")).toType(DataType.FLOAT32, false).toFloatArray();
      float d = Golden.maxAbsDiff(last4, Golden.npy("logits_last4.npy").f());
      System.out.printf("fp16 on the CPU: logits_last4 max|diff| vs the fp32 fixture %.3g%n", d);
      assertThat(d).isLessThan(1e-2f);
    }
  }

  @Test
  void greedyGenerationRunsInHalfPrecision() throws Exception {
    Golden.Npy px = Golden.npy("pixel_values.npy");
    int[] ids = Golden.inputIds();
    int[] want = Golden.ints(Golden.json("generation.json").get("new_token_ids"));
    List<int[]> grids = Golden.grids();
    try (EncodedPrompt p = GradMode.noGrad(() -> model.encode(ids, px.f(), grids))) {
      Qwen25VlModel.GeneratedIds out = model.generateIds(List.of(p), SamplingConfig.greedy(12), true).get(0);
      int same = 0;
      while (same < want.length && same < out.tokenIds().length && out.tokenIds()[same] == want[same]) {
        same++;
      }
      System.out.printf("fp16 greedy ids on the CPU: %s; leading ids equal to the fp32 fixture: %d of 12%n",
          Arrays.toString(out.tokenIds()), same);
      assertThat(out.tokenIds()).hasSize(12);
      for (float lp : out.logProbs()) {
        assertThat(lp).isFinite().isLessThanOrEqualTo(0f);
      }
      var cached = out.tokenIds();
      var recomputed = model.generateIds(List.of(p), SamplingConfig.greedy(12), false).get(0).tokenIds();
      assertThat(recomputed).as("the fp16 KV cache gives the ids of a full recompute").containsExactly(cached);
    }
  }

  @Test
  void scoringRefusesHalfWeights() throws Exception {
    int[] ids = Golden.inputIds();
    Golden.Npy px = Golden.npy("pixel_values.npy");
    List<int[]> grids = Golden.grids();
    try (EncodedPrompt p = GradMode.noGrad(() -> model.encode(ids, px.f(), grids))) {
      assertThatThrownBy(() -> model.logProbs(p, List.of(new int[] {1, 2})))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("scoring needs fp32 weights");
    }
  }
}
