package org.robustr1.tiny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.model.qwen.Qwen25VlModel;

class RobustR1TinyTest {

  @TempDir Path dir;

  @Test
  void shipsEveryCheckpointFileWithItsChecksum() {
    Map<String, String> sums = RobustR1Tiny.checksums();
    assertThat(sums.keySet()).contains("config.json", "model.safetensors", "tokenizer.json", "preprocessor_config.json",
        "generation_config.json", "provenance.json");
    Path out = RobustR1Tiny.extract(dir.resolve("tiny"));
    for (String f : sums.keySet()) {
      assertThat(out.resolve(f)).isRegularFile();
    }
  }

  @Test
  void loadsThePretrainedArchitectureWithTheTowerFrozen() throws Exception {
    try (Qwen25VlModel m = Qwen25VlModel.load(RobustR1Tiny.extract(dir.resolve("tiny")))) {
      assertThat(m.config().text().numHiddenLayers()).isEqualTo(4);
      assertThat(m.config().text().hiddenSize()).isEqualTo(128);
      assertThat(m.config().vision().depth()).isEqualTo(4);
      assertThat(m.isVisionFrozen()).isTrue();
      assertThat(m.processor()).isPresent();
    }
  }

  @Test
  void provenanceNamesTheRecipeCommitsLossCurvesAndHeldOutAccuracy() throws Exception {
    JsonNode p = new ObjectMapper().readTree(RobustR1Tiny.extract(dir.resolve("tiny")).resolve("provenance.json").toFile());
    assertThat(p.path("model").asText()).isEqualTo(RobustR1Tiny.NAME);
    assertThat(p.path("recipe").path("steps").asInt()).isPositive();
    assertThat(p.path("commit").asText()).isNotBlank();
    assertThat(p.path("stage_b").path("loss_curve").size()).as("stage B's loss curve").isPositive();
    assertThat(p.path("stage_c").path("loss_curve").size()).as("stage C's loss curve").isPositive();
    assertThat(p.path("stage_b").path("commit").asText()).isNotBlank();
    assertThat(p.path("held_out_accuracy").size()).isPositive();
    assertThat(p.path("stage_b").path("held_out_accuracy").size()).isPositive();
  }

  @Test
  void aChangedFileOnDiskIsReplacedAndACorruptResourceIsNamed() throws Exception {
    Path out = RobustR1Tiny.extract(dir.resolve("tiny"));
    Files.writeString(out.resolve("config.json"), "{}", StandardCharsets.UTF_8);
    RobustR1Tiny.extract(out);
    assertThat(Files.readString(out.resolve("config.json"))).isNotEqualTo("{}");

    assertThatThrownBy(() -> RobustR1Tiny.extract(dir.resolve("bad"), name -> name.equals("model.safetensors")
            ? new byte[] {1, 2, 3} : RobustR1TinyTest.resource(name)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model.safetensors")
        .hasMessageContaining("corrupt");
    assertThatThrownBy(() -> RobustR1Tiny.extract(dir.resolve("missing"), name -> {
          if (name.equals("tokenizer.json")) {
            throw new IllegalStateException(RobustR1Tiny.NAME + ": resource tokenizer.json is missing from the classpath");
          }
          return resource(name);
        }))
        .hasMessageContaining("tokenizer.json");
  }

  static byte[] resource(String name) {
    try (var in = RobustR1Tiny.class.getResourceAsStream("/org/robustr1/tiny/checkpoint/" + name)) {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
