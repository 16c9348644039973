package org.robustr1.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.robustr1.demo.pretrain.PretrainRecipe;
import org.robustr1.demo.pretrain.PretrainingTasks;
import org.robustr1.demo.pretrain.Pretrainer;
import org.robustr1.demo.pretrain.QuestionStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code robustr1 pretrain}: runs the recipe of {@code robustr1-tiny} (or a shorter one), resuming
 * from the newest checkpoint in {@code --out}.
 */
@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    description = {
      "Pretrain robustr1-tiny, the embedded stand-in for a pretrained Qwen2.5-VL, from random weights on",
      "procedural scenes (captions, questions, explanations) and long-range text tasks; no chain format,",
      "no degradation. Stage A trains the vision tower, stage B the language model, stage C fine-tunes",
      "stage B on clean scene questions, a third of them explained and then answered again.",
      "Resumes from the newest checkpoint under --out; writes OUT/model (fp16) with provenance.json.",
      "The shipped weights are this command with the defaults (their stage C was started with --stage-b",
      "from the stages A and B shipped before it; docs/demo.md has the commands)."
    })
public final class PretrainCommand implements Callable<Integer> {

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", required = true, description = "output folder (checkpoints, metrics, final model)")
  Path out;

  @Option(names = "--steps", description = "optimizer steps (default: the recipe's)")
  Integer steps;

  @Option(names = "--vision-steps", description = "steps of stage A, the vision tower on object labels and pixel statistics (default: the recipe's)")
  Integer visionSteps;

  @Option(names = "--pixel-statistics",
      description = "stage A also regresses per-token pixel statistics of augmented scenes (PretrainRecipe.WITH_PIXEL_STATISTICS; not the shipped recipe)")
  boolean pixelStatistics;

  @Option(names = "--explained-choices",
      description = "stage B also asks for explanations with the four choices in view (PretrainRecipe.WITH_EXPLAINED_CHOICES; not the shipped recipe)")
  boolean explainedChoices;

  @Option(names = "--question-steps",
      description = "steps of stage C, scene questions from stage B's weights; 0: no stage C, OUT/model is stage B's (default: the recipe's)")
  Integer questionSteps;

  @Option(names = "--stage-b", paramLabel = "DIR",
      description = "start stage C from this finished stage B (a model folder whose provenance.json has this recipe's stages A and B,"
          + " e.g. OUT/stage-b of an earlier run) instead of running stages A and B")
  Path stageB;

  @Option(names = "--seed", description = "seed of the initial weights and the data (default: the recipe's)")
  Long seed;

  @Option(names = "--save-steps", description = "checkpoint interval (default: the recipe's)")
  Integer saveSteps;

  @Option(
      names = "--threads",
      defaultValue = "0",
      paramLabel = "N",
      description = {
        "PyTorch CPU threads per op (default ${DEFAULT-VALUE}: PyTorch's own, one per core, which made the shipped weights",
        "on a 2-core machine; 1 runs the tiny model's ops about twice as fast there but rounds differently, so the",
        "weights are not those bytes)"
      })
  int threads;

  @Option(names = "--commit", defaultValue = "unknown", description = "source commit recorded in provenance.json (default ${DEFAULT-VALUE})")
  String commit;

  @Override
  public Integer call() throws Exception {
    if (threads < 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--threads must be >= 1, or 0 for PyTorch's default; got " + threads);
    }
    if (threads == 0) {
      return pretrain();
    }
    try (CpuThreadsOption.Applied cpu = CpuThreadsOption.set(threads)) {
      return pretrain();
    }
  }

  private int pretrain() throws Exception {
    PrintStream o = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
    PretrainRecipe r = pixelStatistics ? PretrainRecipe.WITH_PIXEL_STATISTICS : PretrainRecipe.DEFAULT;
    if (explainedChoices) {
      r = r.withTaskMix(PretrainingTasks.EXPLAINED_CHOICES_MIX);
    }
    if (steps != null) {
      r = r.withSteps(steps);
    }
    if (visionSteps != null) {
      r = r.withVisionSteps(visionSteps);
    }
    if (seed != null) {
      r = r.withSeed(seed);
    }
    if (saveSteps != null) {
      r = r.withSaveSteps(saveSteps);
    }
    if (questionSteps != null) {
      r = r.withQuestions(questionSteps == 0 ? QuestionStage.NONE : r.questions().withSteps(questionSteps));
    }
    o.printf(Locale.ROOT, "robustr1 pretrain: %d steps of %d samples, then %d stage-C steps of %d, seed %d -> %s%n", r.steps(), r.batch(),
        r.questions().steps(), r.questions().batch(), r.seed(), out.toAbsolutePath());
    Pretrainer p = new Pretrainer(r, out, o).optCommit(commit);
    if (stageB != null) {
      p.optStageB(stageB);
    }
    Path dir = p.run();
    o.printf(Locale.ROOT, "model: %s%n", dir.toAbsolutePath());
    return 0;
  }
}
