package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.safetensors.DType;
import org.robustr1.model.safetensors.SafetensorsCheckpoint;

/** Saving and loading back reproduces the weights and the generation. */
class SaveLoadTest {

  @TempDir Path tmp;

  @Test
  void randomModelRoundTripsBitExactInF32() throws Exception {
    try (Qwen25VlModel a = Qwen25VlModel.randomInit(Qwen25VlConfig.tiny(151700), 9)) {
      a.save(tmp);
      assertThat(tmp.resolve("model.safetensors")).exists();
      assertThat(tmp.resolve("generation_config.json")).exists();
      try (Qwen25VlModel b = Qwen25VlModel.load(tmp)) {
        assertThat(b.processor()).isEmpty();
        Map<String, ai.djl.nn.Parameter> pb = b.namedParameters();
        List<String> differ = new java.util.ArrayList<>();
        a.namedParameters()
            .forEach(
                (k, p) -> {
                  if (!java.util.Arrays.equals(
                      pb.get(k).getArray().toFloatArray(), p.getArray().toFloatArray())) {
                    differ.add(k);
                  }
                });
        assertThat(differ).isEmpty();
        assertThat(b.generationConfig()).isEqualTo(a.generationConfig());
      }
    }
  }

  @Test
  void weightsHoldingNanOrInfAreRefusedOnLoadNamingTheTensorsUnlessAllowed() throws Exception {
    try (Qwen25VlModel a = Qwen25VlModel.randomInit(Qwen25VlConfig.tiny(151700), 9)) {
      a.namedParameters().get("model.norm.weight").getArray().set(new ai.djl.ndarray.index.NDIndex("0"), Float.NaN);
      a.namedParameters().get("visual.blocks.1.attn.qkv.bias").getArray()
          .set(new ai.djl.ndarray.index.NDIndex("2"), Float.NEGATIVE_INFINITY);
      a.save(tmp);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Qwen25VlModel.load(tmp))
        .isInstanceOf(NonFiniteWeightsException.class)
        .hasMessageContaining("2 weight tensors hold NaN or infinite values")
        .hasMessageContaining("model.norm.weight: 1 NaN, 0 Inf of 32 values")
        .hasMessageContaining("visual.blocks.1.attn.qkv.bias: 0 NaN, 1 Inf")
        .hasMessageContaining("--allow-nonfinite-weights");
    try (Qwen25VlModel b = Qwen25VlModel.load(tmp, null, false)) {
      assertThat(b.namedParameters().get("model.norm.weight").getArray().toFloatArray()[0]).isNaN();
    }
  }

  @Test
  void fixtureModelSavedAsBf16LoadsWithItsProcessor() throws Exception {
    Path dir = Golden.dir();
    try (Qwen25VlModel a = Qwen25VlModel.load(dir, "model-bf16.safetensors")) {
      a.save(tmp, DType.BF16);
      try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(tmp)) {
        assertThat(c.names()).hasSize(80);
        c.names().forEach(n -> assertThat(c.info(n).dtype()).as(n).isEqualTo(DType.BF16));
      }
      try (Qwen25VlModel b = Qwen25VlModel.load(tmp);
          EncodedPrompt p = b.encode(Golden.inputIds(), Golden.npy("pixel_values.npy").f(), Golden.grids())) {
        assertThat(b.processor()).isPresent();
        int[] want =
            Golden.ints(Golden.json("generation.json").get("bf16_weights").get("new_token_ids"));
        assertThat(b.generateIds(List.of(p), SamplingConfig.greedy(12), true).get(0).tokenIds())
            .containsExactly(want);
      }
    }
  }

  @Test
  void saveCarriesTheChatTemplateVocabularyAndMergesOfTheLoadedCheckpoint() throws Exception {
    Path src = tmp.resolve("src");
    java.nio.file.Files.createDirectories(src);
    for (String f :
        new String[] {
          "config.json", "model.safetensors", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json"
        }) {
      java.nio.file.Files.copy(Golden.dir().resolve(f), src.resolve(f));
    }
    java.nio.file.Files.writeString(src.resolve("chat_template.json"), "{\"chat_template\": \"{{ messages }}\"}");
    java.nio.file.Files.writeString(src.resolve("merges.txt"), "#version: 0.2\nĠ t\n");
    java.nio.file.Files.writeString(src.resolve("vocab.json"), "{\"!\": 0}");
    Path out = tmp.resolve("out");
    try (Qwen25VlModel a = Qwen25VlModel.load(src)) {
      List<Path> written = a.save(out);
      for (String f : new String[] {"chat_template.json", "merges.txt", "vocab.json", "tokenizer.json", "tokenizer_config.json"}) {
        assertThat(written).contains(out.resolve(f));
        assertThat(out.resolve(f)).hasSameBinaryContentAs(src.resolve(f));
      }
      assertThat(out.resolve("special_tokens_map.json")).doesNotExist();
    }
  }
}
