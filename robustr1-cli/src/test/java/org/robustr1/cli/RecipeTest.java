package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.testing.SharedData;
import org.robustr1.core.provenance.Provenance;

/** {@code robustr1 sft --config recipe.yaml} runs the same training as the equivalent flags. */
class RecipeTest {

  @TempDir Path dir;

  @Test
  void aRecipeReproducesTheRunOfTheEquivalentFlagsBitForBit() throws Exception {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path model = SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow();
    Path data = CliBehaviourTest.trainData(dir, "train.jsonl", List.of(CliBehaviourTest.ROW, CliBehaviourTest.ROW,
        CliBehaviourTest.ROW.replace("Colour?", "Color?")));
    CliBehaviourTest.Run flags = CliBehaviourTest.run("sft", "--data", data.toString(), "--images", dir.resolve("imgs").toString(),
        "--model", model.toString(), "--out", dir.resolve("flags").toString(), "--max-steps", "2", "--grad-accum", "1",
        "--lr", "3e-4", "--schedule", "constant", "--prompt-style", "RAW", "--seed", "11", "--no-progress");
    assertThat(flags.code()).as(flags.err()).isZero();

    Path recipe = Files.writeString(dir.resolve("recipe.yaml"), String.join("\n",
        "# the same run as a recipe",
        "data: " + data,
        "images: " + dir.resolve("imgs"),
        "model: " + model,
        "out: " + dir.resolve("flags"),
        "max-steps: 2",
        "grad_accum: 1",
        "lr: 3.0e-4",
        "schedule: CONSTANT",
        "prompt-style: raw",
        "seed: 11",
        "no-progress: true",
        ""));
    CliBehaviourTest.Run cfg = CliBehaviourTest.run("sft", "--config", recipe.toString(), "--out", dir.resolve("recipe").toString());
    assertThat(cfg.code()).as(cfg.err()).isZero();
    for (String f : List.of("checkpoint-2/model/model.safetensors", "checkpoint-2/optimizer.safetensors")) {
      assertThat(Files.mismatch(dir.resolve("flags").resolve(f), dir.resolve("recipe").resolve(f))).as(f).isEqualTo(-1L);
    }
    // what the run wrote back runs it once more
    CliBehaviourTest.Run back = CliBehaviourTest.run("sft", "--config", dir.resolve("recipe/resolved_config.yaml").toString(),
        "--out", dir.resolve("back").toString());
    assertThat(back.code()).as(back.err()).isZero();
    assertThat(Files.mismatch(dir.resolve("flags/checkpoint-2/model/model.safetensors"),
        dir.resolve("back/checkpoint-2/model/model.safetensors"))).isEqualTo(-1L);

    ObjectMapper json = new ObjectMapper();
    for (Path p : List.of(dir.resolve("recipe"), dir.resolve("recipe/checkpoint-2"))) {
      JsonNode prov = json.readTree(p.resolve(Provenance.FILE_NAME).toFile());
      assertThat(prov.get("kind").asText()).isEqualTo("sft");
      assertThat(prov.get("seed").asLong()).isEqualTo(11);
      assertThat(prov.at("/config/lr").asDouble()).isEqualTo(3e-4);
      assertThat(prov.at("/config/out").asText()).isEqualTo(dir.resolve("recipe").toString());
      assertThat(prov.at("/inputs/0/role").asText()).isEqualTo("data");
      assertThat(prov.at("/inputs/2/sha256/model.safetensors").asText()).hasSize(64);
      assertThat(p.resolve(RunRecords.RESOLVED_CONFIG)).exists();
    }
    assertThat(json.readTree(dir.resolve("recipe/provenance.json").toFile()).get("finished").isNull()).isFalse();
  }
}
