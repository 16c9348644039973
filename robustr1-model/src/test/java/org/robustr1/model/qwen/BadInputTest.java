package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;

/** Bad weights and inputs give exceptions that name the problem, never a JVM abort. */
class BadInputTest {

  /** A source with every tensor the config wants, zeros, with overrides. */
  static TensorSource source(Qwen25VlConfig cfg, Map<String, long[]> overrides, Set<String> drop) {
    Map<String, long[]> shapes = new LinkedHashMap<>(cfg.weightShapes());
    shapes.putAll(overrides);
    drop.forEach(shapes::remove);
    return new TensorSource() {
      @Override
      public Set<String> names() {
        return shapes.keySet();
      }

      @Override
      public long[] shape(String name) {
        return shapes.get(name);
      }

      @Override
      public FloatBuffer readFloats(String name) throws IOException {
        long n = 1;
        for (long d : shapes.get(name)) {
          n *= d;
        }
        return FloatBuffer.allocate((int) n);
      }
    };
  }

  static final Qwen25VlConfig CFG = Qwen25VlConfig.tiny(151700);

  @Test
  void wrongShapeNamesTheTensor() {
    TensorSource s =
        source(CFG, Map.of("model.layers.1.self_attn.k_proj.weight", new long[] {15, 32}), Set.of());
    assertThatThrownBy(() -> Qwen25VlModel.fromTensors(CFG, s, GenerationConfig.qwen25Vl(), "bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model.layers.1.self_attn.k_proj.weight")
        .hasMessageContaining("[15, 32]")
        .hasMessageContaining("[16, 32]");
  }

  @Test
  void missingTensorIsNamed() {
    TensorSource s = source(CFG, Map.of(), Set.of("visual.merger.mlp.2.bias"));
    assertThatThrownBy(() -> Qwen25VlModel.fromTensors(CFG, s, GenerationConfig.qwen25Vl(), "bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing tensor visual.merger.mlp.2.bias");
  }

  @Test
  void newerNamingAndTiedHeadAreAccepted() throws IOException {
    Map<String, long[]> renamed = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : CFG.weightShapes().entrySet()) {
      String k = e.getKey();
      renamed.put(k.startsWith("visual.") ? "model." + k : k.replaceFirst("^model\\.", "model.language_model."), e.getValue());
    }
    renamed.put("lm_head.weight", new long[] {151700, 32});
    TensorSource s =
        new TensorSource() {
          @Override
          public Set<String> names() {
            return renamed.keySet();
          }

          @Override
          public long[] shape(String name) {
            return renamed.get(name);
          }

          @Override
          public FloatBuffer readFloats(String name) {
            long n = 1;
            for (long d : renamed.get(name)) {
              n *= d;
            }
            return FloatBuffer.allocate((int) n);
          }
        };
    Qwen25VlModel.fromTensors(CFG, s, GenerationConfig.qwen25Vl(), "renamed").close();
  }

  @Test
  void badPromptsAreRejected() {
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(CFG, 1)) {
      int[] ids = FreezeAndGradientTest.promptIds();
      // image tokens but no grid
      assertThatThrownBy(() -> model.encode(ids, null, List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1 images");
      // grid needs 9 merged tokens, prompt has 4
      assertThatThrownBy(
              () -> model.encode(ids, FreezeAndGradientTest.pixels(36, 1), List.of(new int[] {1, 6, 6})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("<|image_pad|>");
      // pixel rows do not match the grid
      assertThatThrownBy(
              () -> model.encode(ids, FreezeAndGradientTest.pixels(8, 1), List.of(new int[] {1, 4, 4})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("pixel_values");
      // token outside the vocabulary
      try (EncodedPrompt p = model.encode(new int[] {1, 2, 3}, null, List.of())) {
        assertThatThrownBy(() -> model.logProbs(p, List.of(new int[] {200000})))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("200000");
      }
    }
  }
}
