package org.robustr1.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.testing.SharedData;

class Qwen25VlConfigTest {

  private static Path golden() {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    return SharedData.root().get().resolve("golden/qwen25vl-tiny-a");
  }

  @Test
  void readsGoldenFlatConfig() throws IOException {
    Qwen25VlConfig c = Qwen25VlConfig.read(golden());
    assertThat(c).isEqualTo(Qwen25VlConfig.tiny());
    assertThat(c.text().headDim()).isEqualTo(8);
    assertThat(c.text().mropeSection()).containsExactly(1, 1, 2);
    assertThat(c.text().tieWordEmbeddings()).isTrue();
    assertThat(c.vision().windowSize()).isEqualTo(56);
    assertThat(c.vision().fullattBlockIndexes()).containsExactly(1, 3);
    assertThat(c.vision().tokensPerSecond()).isEqualTo(2);
    assertThat(c.eosTokenIds()).containsExactly(151645);
    assertThat(c.imageTokenId()).isEqualTo(151655);
    assertThat(c.weightShapes()).hasSize(80).doesNotContainKey("lm_head.weight");
  }

  @Test
  void readsGoldenPreprocessorAndDefaultsGeneration() throws IOException {
    CheckpointConfig cc = CheckpointConfig.read(golden());
    assertThat(cc.preprocessor()).isEqualTo(PreprocessorConfig.qwen25Vl());
    assertThat(cc.preprocessor().factor()).isEqualTo(28);
    assertThat(cc.generation().eosTokenIds()).containsExactly(151645, 151643);
  }

  @Test
  void readsNestedLayout(@TempDir Path dir) throws IOException {
    String json =
        "{\"model_type\":\"qwen2_5_vl\",\"image_token_id\":151655,\"vision_start_token_id\":151652,"
            + "\"text_config\":{\"vocab_size\":151936,\"hidden_size\":64,\"intermediate_size\":96,"
            + "\"num_hidden_layers\":3,\"num_attention_heads\":4,\"num_key_value_heads\":1,"
            + "\"rope_theta\":10000.0,\"rms_norm_eps\":1e-5,\"tie_word_embeddings\":false,"
            + "\"eos_token_id\":[151645,151643],"
            + "\"rope_scaling\":{\"rope_type\":\"default\",\"type\":\"default\",\"mrope_section\":[2,3,3]}},"
            + "\"vision_config\":{\"depth\":2,\"hidden_size\":32,\"intermediate_size\":40,\"num_heads\":2,"
            + "\"in_channels\":3,\"out_hidden_size\":64,\"patch_size\":14,\"window_size\":112,"
            + "\"fullatt_block_indexes\":[1]},"
            + "\"hidden_size\":9999}";
    Files.writeString(dir.resolve("config.json"), json);
    Qwen25VlConfig c = Qwen25VlConfig.read(dir);
    assertThat(c.text().hiddenSize()).isEqualTo(64);
    assertThat(c.text().numKeyValueHeads()).isEqualTo(1);
    assertThat(c.text().mropeSection()).containsExactly(2, 3, 3);
    assertThat(c.text().ropeTheta()).isEqualTo(10000.0);
    assertThat(c.text().tieWordEmbeddings()).isFalse();
    assertThat(c.eosTokenIds()).containsExactly(151645, 151643);
    assertThat(c.vision().outHiddenSize()).isEqualTo(64);
    assertThat(c.vision().tokensPerSecond()).isEqualTo(4);
    assertThat(c.weightShapes()).containsKey("lm_head.weight");
    assertThat(c.weightShapes().get("model.layers.2.self_attn.k_proj.weight")).containsExactly(16, 64);

    // serialising back gives the flat layout, which reads back equal
    Path out = dir.resolve("out");
    c.write(out);
    assertThat(Files.readString(out.resolve("config.json"))).doesNotContain("text_config");
    assertThat(Qwen25VlConfig.read(out)).isEqualTo(c);
  }

  @Test
  void goldenRoundTripsThroughJson() throws IOException {
    Qwen25VlConfig c = Qwen25VlConfig.read(golden());
    assertThat(Qwen25VlConfig.parse(c.toJson(), "mem")).isEqualTo(c);
  }

  @Test
  void real3BShape() {
    Qwen25VlConfig c = Qwen25VlConfig.qwen25Vl3B();
    assertThat(c.text().headDim()).isEqualTo(128);
    assertThat(c.vision().headDim()).isEqualTo(80);
    assertThat(c.vision().patchDim()).isEqualTo(1176);
    assertThat(c.weightShapes()).hasSize(824);
    assertThat(c.parameterCount()).isEqualTo(3_754_622_976L);
    assertThat(Qwen25VlConfig.parse(c.toJson(), "mem")).isEqualTo(c);
  }

  @Test
  void errorsNameFileAndField(@TempDir Path dir) throws IOException {
    String base = Qwen25VlConfig.tiny().toJson();
    assertThatThrownBy(() -> Qwen25VlConfig.parse(base.replace("\"num_hidden_layers\" : 2", "\"num_hidden_layers\" : \"two\""), "x/config.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("x/config.json")
        .hasMessageContaining("num_hidden_layers");
    assertThatThrownBy(() -> Qwen25VlConfig.parse(base.replace("\"depth\" : 4,", ""), "x/config.json"))
        .hasMessageContaining("x/config.json: field vision_config.depth is missing");
    assertThatThrownBy(() -> Qwen25VlConfig.parse(base.replace("\"out_hidden_size\" : 32", "\"out_hidden_size\" : 48"), "c.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.json")
        .hasMessageContaining("out_hidden_size 48 must equal hidden_size 32");
    assertThatThrownBy(() -> Qwen25VlConfig.parse(base.replace("[ 1, 1, 2 ]", "[ 1, 1, 1 ]"), "c.json"))
        .hasMessageContaining("mrope_section [1, 1, 1] sums to 3 but head dim / 2 is 4");
    assertThatThrownBy(() -> Qwen25VlConfig.parse("{\"model_type\": \"qwen2_5_vl\",", "c.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("c.json: malformed JSON");
    assertThatThrownBy(() -> Qwen25VlConfig.parse(base.replace("qwen2_5_vl", "qwen2_vl"), "c.json"))
        .hasMessageContaining("model_type");
    assertThatThrownBy(() -> Qwen25VlConfig.read(dir)).isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> PreprocessorConfig.parse("{\"image_std\": [0.2, 0.0, 0.3]}", "p.json"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("p.json")
        .hasMessageContaining("image_std");
    assertThatThrownBy(() -> PreprocessorConfig.parse("{\"min_pixels\": \"a\"}", "p.json"))
        .hasMessageContaining("p.json: field min_pixels must be an integer");
  }

  @Test
  void generationConfigParsesEosListAndMapsToSampling() {
    GenerationConfig g =
        GenerationConfig.parse(
            "{\"bos_token_id\":151643,\"pad_token_id\":151643,\"do_sample\":true,"
                + "\"eos_token_id\":[151645,151643],\"repetition_penalty\":1.05,"
                + "\"temperature\":0.1,\"top_p\":0.001,\"top_k\":1}",
            "g.json");
    assertThat(g.eosTokenIds()).isEqualTo(ImmutableList.of(151645, 151643));
    assertThat(g.toSampling(16, 1).isGreedy()).isTrue();
    assertThat(g.toSampling(16, 1).repetitionPenalty()).isEqualTo(1.05);
    assertThatThrownBy(() -> GenerationConfig.parse("{\"top_p\": 2}", "g.json"))
        .hasMessageContaining("g.json: top_p must be in (0, 1]");
  }
}
