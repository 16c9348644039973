package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.model.safetensors.SafetensorsCheckpoint;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;

/** Bad weights and inputs give exceptions that name the problem, never a JVM abort. */
class BadInputTest {

  @TempDir Path tmp;

  static final Qwen25VlConfig CFG = Qwen25VlConfig.tiny(151700);

  /** Writes an F32 safetensors file of zeros with these tensors. */
  static Path write(Path file, Map<String, long[]> shapes) throws IOException {
    StringBuilder h = new StringBuilder("{");
    long off = 0;
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      long n = 4;
      StringBuilder dims = new StringBuilder();
      for (long d : e.getValue()) {
        n *= d;
        dims.append(dims.length() == 0 ? "" : ",").append(d);
      }
      h.append(h.length() == 1 ? "" : ",")
          .append(String.format("\"%s\":{\"dtype\":\"F32\",\"shape\":[%s],\"data_offsets\":[%d,%d]}", e.getKey(), dims, off, off + n));
      off += n;
    }
    h.append("}");
    while (h.length() % 8 != 0) {
      h.append(' ');
    }
    byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(len.array());
      out.write(header);
      out.write(new byte[(int) off]);
    }
    return file;
  }

  static Map<String, long[]> shapes(Map<String, long[]> overrides, Set<String> drop) {
    Map<String, long[]> shapes = new LinkedHashMap<>(CFG.weightShapes());
    shapes.putAll(overrides);
    drop.forEach(shapes::remove);
    return shapes;
  }

  Qwen25VlModel open(Map<String, long[]> shapes) throws IOException {
    Path f = write(tmp.resolve("model.safetensors"), shapes);
    try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(f)) {
      return Qwen25VlModel.fromTensors(CFG, c, GenerationConfig.qwen25Vl(), "test");
    }
  }

  @Test
  void wrongShapeNamesTheTensor() {
    Map<String, long[]> s = shapes(Map.of("model.layers.1.self_attn.k_proj.weight", new long[] {15, 32}), Set.of());
    assertThatThrownBy(() -> open(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model.layers.1.self_attn.k_proj.weight")
        .hasMessageContaining("[15, 32]")
        .hasMessageContaining("[16, 32]");
  }

  @Test
  void missingTensorIsNamed() {
    Map<String, long[]> s = shapes(Map.of(), Set.of("visual.merger.mlp.2.bias"));
    assertThatThrownBy(() -> open(s))
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
    try (Qwen25VlModel m = open(renamed)) {
      assertThat(m.namedParameters()).containsKey("model.layers.0.mlp.up_proj.weight");
    }
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
