package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.nn.GradMode;

/** Parity with the bf16 weights of qwen25vl-tiny-a (widened to fp32, compute in fp32). */
class TinyBf16ParityTest {

  @Test
  void bf16WeightsReproduceTheirOwnLogitsAndGeneration() throws Exception {
    var dir = Golden.dir();
    Golden.Npy px = Golden.npy("pixel_values.npy");
    int[] ids = Golden.inputIds();
    List<int[]> grids = Golden.grids();
    try (Qwen25VlModel model =
            Qwen25VlModel.load(dir, "model-bf16.safetensors");
        EncodedPrompt p = GradMode.noGrad(() -> model.encode(ids, px.f(), grids))) {
      try (NDScope scope = new NDScope()) {
        NDArray logits = Golden.fullLogits(model, ids, p, null);
        float[] last4 = logits.get(new NDIndex("0, -4:, :")).toFloatArray();
        float d = Golden.maxAbsDiff(last4, Golden.npy("logits_last4_bf16w.npy").f());
        float dFp32 = Golden.maxAbsDiff(last4, Golden.npy("logits_last4.npy").f());
        System.out.printf("bf16 logits_last4 max|diff| %.3g (vs fp32 fixture %.3g)%n", d, dFp32);
        assertThat(d).isLessThan(5e-5f);
        assertThat(dFp32).as("the bf16 file must actually be used").isGreaterThan(1e-4f);
      }
      int[] want =
          Golden.ints(Golden.json("generation.json").get("bf16_weights").get("new_token_ids"));
      var out = model.generateIds(List.of(p), SamplingConfig.greedy(12), true).get(0);
      assertThat(out.tokenIds()).containsExactly(want);
    }
  }
}
