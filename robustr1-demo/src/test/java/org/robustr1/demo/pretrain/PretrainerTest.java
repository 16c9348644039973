package org.robustr1.demo.pretrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainerTest {

  /** Four language steps and two stage-A steps of two (augmented) samples with statistics, a checkpoint every two steps. */
  private static final PretrainRecipe SMALL =
      new PretrainRecipe(PretrainRecipe.TINY, 5L, 4, 2, 2e-3, 0.0, 2, true, 2, 2, 1e-3, 1.0, 0.8,
          PretrainingTasks.EXPLAINED_CHOICES_MIX);

  @TempDir Path tmp;

  private Path run(PretrainRecipe recipe, Path out) throws IOException {
    PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    return new Pretrainer(recipe, out, log).optCommit("test").optHeldOutSamples(1).run();
  }

  @Test
  void aResumedRunEndsWithTheSameWeightsAndARunOfAnotherRecipeIsRefused() throws IOException {
    Path first = tmp.resolve("first");
    Path model = run(SMALL, first);
    JsonNode prov = new ObjectMapper().readTree(model.resolve(Pretrainer.PROVENANCE_FILE).toFile());
    assertThat(prov.path("commit").asText()).isEqualTo("test");
    assertThat(prov.path("recipe").path("steps").asInt()).isEqualTo(4);
    assertThat(prov.path("held_out_accuracy").size()).isEqualTo(SMALL.taskMix().size());
    assertThat(prov.path("stage_a").has("object_token_accuracy_last_tenth")).isTrue();
    assertThat(prov.path("loss_curve").size()).isEqualTo(4);
    try (Stream<Path> s = Files.list(first)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("checkpoint-")))
          .containsExactlyInAnyOrder("checkpoint-2", "checkpoint-4");
    }

    // a run killed after its checkpoint at step 2: the folder as it was then
    Path second = tmp.resolve("second");
    Files.createDirectories(second);
    for (String f : new String[] {"recipe.json", "metrics.jsonl"}) {
      Files.copy(first.resolve(f), second.resolve(f));
    }
    copyTree(first.resolve("checkpoint-2"), second.resolve("checkpoint-2"));
    copyTree(first.resolve("stage-a"), second.resolve("stage-a"));
    Path resumed = run(SMALL, second);
    assertThat(Files.readAllBytes(resumed.resolve("model.safetensors")))
        .isEqualTo(Files.readAllBytes(model.resolve("model.safetensors")));
    JsonNode again = new ObjectMapper().readTree(resumed.resolve(Pretrainer.PROVENANCE_FILE).toFile());
    assertThat(again.path("resumed_at_step").asInt()).isEqualTo(2);

    assertThatThrownBy(() -> run(SMALL.withSeed(6), first))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another recipe");
  }

  @Test
  void stageCFineTunesStageBAndStartsAgainFromAGivenStageB() throws IOException {
    PretrainRecipe abc = SMALL.withQuestions(new QuestionStage(2, 4, 2, 1e-3, 0.0,
        java.util.Map.of(PretrainingTasks.Task.QUESTION, 1.0, PretrainingTasks.Task.EXPLAIN_THEN_ANSWER, 1.0)));
    Path first = tmp.resolve("abc");
    Path model = run(abc, first);
    assertThat(model).isEqualTo(first.resolve(Pretrainer.MODEL_DIR));
    JsonNode prov = new ObjectMapper().readTree(model.resolve(Pretrainer.PROVENANCE_FILE).toFile());
    assertThat(prov.path("recipe").path("stage_c").path("steps").asInt()).isEqualTo(2);
    assertThat(prov.path("stage_b").path("loss_curve").size()).isEqualTo(4);
    assertThat(prov.path("stage_b").path("commit").asText()).isEqualTo("test");
    assertThat(prov.path("stage_b").has("recipe")).isFalse();
    assertThat(prov.path("stage_a").has("object_token_accuracy_last_tenth")).isTrue();
    assertThat(prov.path("stage_c").path("loss_curve").size()).isEqualTo(2);
    assertThat(prov.path("stage_c").path("data_seed").asLong()).isEqualTo(abc.seed() + 2);
    assertThat(prov.path("held_out_accuracy").has("EXPLAIN_THEN_ANSWER")).isTrue();
    assertThat(prov.path("held_out_accuracy").has("RECALL_KEY")).isTrue();
    JsonNode stageB = new ObjectMapper().readTree(first.resolve("stage-b").resolve(Pretrainer.PROVENANCE_FILE).toFile());
    assertThat(stageB.path("recipe").has("stage_c")).isFalse();
    assertThat(Files.readAllBytes(first.resolve("stage-b").resolve("model.safetensors")))
        .isNotEqualTo(Files.readAllBytes(model.resolve("model.safetensors")));

    // stage C alone, from the stage B of the first run: the same weights
    Path again = new Pretrainer(abc, tmp.resolve("c-only"), quiet()).optCommit("test").optHeldOutSamples(1)
        .optStageB(first.resolve("stage-b")).run();
    assertThat(Files.readAllBytes(again.resolve("model.safetensors"))).isEqualTo(Files.readAllBytes(model.resolve("model.safetensors")));
    assertThat(tmp.resolve("c-only").resolve("stage-a")).doesNotExist();

    assertThatThrownBy(() -> new Pretrainer(abc.withSteps(5), tmp.resolve("other-b"), quiet()).optStageB(first.resolve("stage-b")).run())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stage B of another recipe");
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path q = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(q);
        } else {
          Files.copy(p, q);
        }
      }
    }
  }
}
