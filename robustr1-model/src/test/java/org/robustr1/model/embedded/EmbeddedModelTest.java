package org.robustr1.model.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.testing.SharedData;

class EmbeddedModelTest {

  private static final ObjectMapper OM = new ObjectMapper();

  @Test
  void configHasTheGoldenKeySet() throws IOException {
    Assumptions.assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path golden = SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow();
    assertThat(keys(OM.readTree(EmbeddedModel.configJson()), ""))
        .isEqualTo(keys(OM.readTree(golden.resolve("config.json").toFile()), ""));
    assertThat(keys(OM.readTree(EmbeddedModel.preprocessorConfigJson()), ""))
        .isEqualTo(keys(OM.readTree(golden.resolve("preprocessor_config.json").toFile()), ""));
  }

  @Test
  void configIsConsistentWithTheTokenizer() throws IOException {
    JsonNode c = OM.readTree(EmbeddedModel.configJson());
    int vocab = c.get("vocab_size").asInt();
    assertThat(vocab % 64).isZero();
    assertThat(vocab).isBetween(EmbeddedTokenizer.size(), EmbeddedTokenizer.size() + 63);
    assertThat(c.get("bos_token_id").asInt()).isEqualTo(EmbeddedTokenizer.tokenId("<|endoftext|>"));
    assertThat(c.get("eos_token_id").asInt()).isEqualTo(EmbeddedTokenizer.tokenId("<|im_end|>"));
    assertThat(c.get("image_token_id").asInt()).isEqualTo(EmbeddedTokenizer.tokenId("<|image_pad|>"));
    assertThat(c.get("video_token_id").asInt()).isEqualTo(EmbeddedTokenizer.tokenId("<|video_pad|>"));
    assertThat(c.get("vision_token_id").asInt()).isEqualTo(EmbeddedTokenizer.tokenId("<|vision_pad|>"));
    assertThat(c.get("vision_start_token_id").asInt()).isEqualTo(EmbeddedTokenizer.tokenId("<|vision_start|>"));
    assertThat(c.get("vision_end_token_id").asInt()).isEqualTo(EmbeddedTokenizer.tokenId("<|vision_end|>"));
  }

  @Test
  void architectureIsValid() throws IOException {
    JsonNode c = OM.readTree(EmbeddedModel.configJson());
    int hidden = c.get("hidden_size").asInt();
    int heads = c.get("num_attention_heads").asInt();
    int kv = c.get("num_key_value_heads").asInt();
    assertThat(hidden % heads).isZero();
    assertThat(heads % kv).isZero();
    int headDim = hidden / heads;
    int sum = 0;
    for (JsonNode s : c.get("rope_scaling").get("mrope_section")) {
      sum += s.asInt();
    }
    assertThat(sum).isEqualTo(headDim / 2);
    JsonNode v = c.get("vision_config");
    assertThat(v.get("hidden_size").asInt() % v.get("num_heads").asInt()).isZero();
    assertThat(v.get("out_hidden_size").asInt()).isEqualTo(hidden);
    int unit = v.get("patch_size").asInt() * v.get("spatial_merge_size").asInt();
    assertThat(v.get("window_size").asInt() % unit).isZero();
    for (JsonNode i : v.get("fullatt_block_indexes")) {
      assertThat(i.asInt()).isBetween(0, v.get("depth").asInt() - 1);
    }
    JsonNode p = OM.readTree(EmbeddedModel.preprocessorConfigJson());
    long area = (long) EmbeddedModel.IMAGE_SIZE * EmbeddedModel.IMAGE_SIZE;
    assertThat(area).isBetween(p.get("min_pixels").asLong(), p.get("max_pixels").asLong());
    assertThat(EmbeddedModel.imageTokensPerSceneImage()).isEqualTo(16);
  }

  @Test
  void writesTheCheckpointFilesDeterministically(@TempDir Path tmp) throws IOException {
    EmbeddedModel.writeCheckpointFiles(tmp.resolve("a"));
    EmbeddedModel.writeCheckpointFiles(tmp.resolve("b"));
    for (String f :
        new String[] {"config.json", "preprocessor_config.json", "generation_config.json", "tokenizer.json",
            "tokenizer_config.json"}) {
      byte[] a = Files.readAllBytes(tmp.resolve("a").resolve(f));
      assertThat(a).as(f).isEqualTo(Files.readAllBytes(tmp.resolve("b").resolve(f)));
      assertThat(OM.readTree(a).isObject()).as(f).isTrue();
    }
    JsonNode g = OM.readTree(tmp.resolve("a/generation_config.json").toFile());
    assertThat(g.get("eos_token_id").get(0).asInt()).isEqualTo(EmbeddedModel.imEndId());
    assertThat(g.get("pad_token_id").asInt()).isEqualTo(EmbeddedModel.endOfTextId());
  }

  @Test
  void modelConfigReaderAcceptsTheWrittenFiles(@TempDir Path tmp) throws IOException {
    CheckpointConfig read = CheckpointConfig.read(EmbeddedModel.writeCheckpointFiles(tmp));
    assertThat(read).isEqualTo(EmbeddedModel.checkpointConfig());
    Qwen25VlConfig m = read.model();
    assertThat(m.text().vocabSize()).isEqualTo(EmbeddedModel.vocabSize());
    assertThat(m.text().hiddenSize()).isEqualTo(64);
    assertThat(m.text().numHiddenLayers()).isEqualTo(2);
    assertThat(m.text().headDim()).isEqualTo(16);
    assertThat(m.text().mropeSection()).containsExactly(2, 3, 3);
    assertThat(m.text().tieWordEmbeddings()).isTrue();
    assertThat(m.vision().depth()).isEqualTo(2);
    assertThat(m.vision().fullattBlockIndexes()).containsExactly(1);
    assertThat(m.vision().windowSize()).isEqualTo(56);
    assertThat(m.imageTokenId()).isEqualTo(EmbeddedTokenizer.tokenId("<|image_pad|>"));
    assertThat(m.eosTokenIds()).containsExactly(EmbeddedModel.imEndId());
    assertThat(read.preprocessor().maxPixels()).isEqualTo(112 * 112);
    assertThat(read.preprocessor().factor()).isEqualTo(28);
    assertThat(read.generation().eosTokenIds())
        .containsExactly(EmbeddedModel.imEndId(), EmbeddedModel.endOfTextId());
    assertThat(read.generation().temperature()).isEqualTo(0.6);
  }

  private static TreeSet<String> keys(JsonNode n, String prefix) {
    TreeSet<String> out = new TreeSet<>();
    Iterator<Map.Entry<String, JsonNode>> it = n.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(prefix + e.getKey());
      if (e.getValue().isObject()) {
        out.addAll(keys(e.getValue(), prefix + e.getKey() + "."));
      }
    }
    return out;
  }
}
