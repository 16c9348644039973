package org.robustr1.demo.pretrain;

import static java.util.Objects.requireNonNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.processor.ModelInputs;
import org.robustr1.model.processor.GridThw;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.qwen.OwnedArrays;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.model.safetensors.DType;
import org.robustr1.model.tokenizer.QwenTokenizer;
import org.robustr1.train.checkpoint.Checkpointer;
import org.robustr1.train.checkpoint.TrainerState;
import org.robustr1.train.optim.AdamW;
import org.robustr1.train.optim.GradientClipping;
import org.robustr1.train.optim.LrSchedule;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.optim.ScheduleType;
import org.robustr1.train.policy.QwenPolicy;

/**
 * Pretrains {@code robustr1-tiny} from random weights on {@link PretrainingTasks}: every parameter
 * is trained (vision tower and merger included), the loss is the mean cross-entropy over the
 * target tokens of a step. Step {@code s} takes samples {@code s·batch … s·batch + batch − 1} of
 * the task stream, so a run resumed from {@code checkpoint-N} (written every {@link
 * PretrainRecipe#saveSteps()} steps, the two newest kept) continues on exactly the samples it would
 * have seen. A checkpoint written by another recipe is refused.
 *
 * <p>At the end the model is written to {@code OUT/model} in half precision with {@code
 * provenance.json} (recipe, steps, loss curve, wall time, commit when given).
 */
public final class Pretrainer {

  /** The final checkpoint folder under the output folder. */
  public static final String MODEL_DIR = "model";
  /** The metrics file under the output folder. */
  public static final String METRICS_FILE = "metrics.jsonl";
  /** The provenance file beside the final weights. */
  public static final String PROVENANCE_FILE = "provenance.json";

  private static final String RECIPE_FILE = "recipe.json";
  private static final String STAGE_A_DIR = "stage-a";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PretrainRecipe recipe;
  private final Path out;
  private final PrintStream log;
  private String commit = "unknown";

  /** A pretraining run of {@code recipe} into {@code out}, logging progress lines to {@code log}. */
  public Pretrainer(PretrainRecipe recipe, Path out, PrintStream log) {
    this.recipe = requireNonNull(recipe, "recipe");
    this.out = requireNonNull(out, "out");
    this.log = requireNonNull(log, "log");
  }

  /** Records the source commit of the recipe in the provenance. */
  public Pretrainer optCommit(String c) {
    this.commit = requireNonNull(c, "commit");
    return this;
  }

  /** The model of the recipe's architecture with random weights from its seed. */
  public static Qwen25VlModel initialModel(PretrainRecipe recipe, Path filesDir) throws IOException {
    EmbeddedModel.writeCheckpointFiles(filesDir, recipe.size());
    CheckpointConfig c = EmbeddedModel.checkpointConfig(recipe.size());
    Qwen25VlModel model = Qwen25VlModel.randomInit(c.model(), recipe.seed(), c.generation());
    try {
      model.setProcessor(Qwen25VlProcessor.load(filesDir));
      return model;
    } catch (IOException | RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** Runs (or resumes) the recipe and returns the final model folder. */
  public Path run() throws IOException {
    long wall0 = System.nanoTime();
    Files.createDirectories(out);
    checkRecipe();
    Checkpointer ckpt = new Checkpointer(out);
    Optional<Path> resume = ckpt.latest();
    PretrainingTasks tasks = PretrainingTasks.of(recipe.seed(), EmbeddedModel.IMAGE_SIZE);
    OptimizerConfig oc =
        OptimizerConfig.sftDefaults()
            .withLearningRate(recipe.learningRate())
            .withSchedule(ScheduleType.COSINE, -1, recipe.warmupRatio())
            .withWeightDecay(0.0);
    try (Qwen25VlModel model = initialModel(recipe, out.resolve("files"))) {
      Path stageA = out.resolve(STAGE_A_DIR);
      if (recipe.visionSteps() > 0 && resume.isEmpty()) {
        if (Files.isRegularFile(stageA.resolve("model.safetensors"))) {
          log.printf(Locale.ROOT, "pretrain: stage A done earlier, loading %s%n", stageA);
        } else {
          model.setVisionFrozen(false);
          long ta = System.nanoTime();
          double[] end = VisionPretraining.train(model, tasks, recipe.visionSteps(), recipe.visionBatch(),
              recipe.visionLearningRate(), (st, l, acc) -> {
                if (st % 100 == 0 || st == recipe.visionSteps()) {
                  log.printf(Locale.ROOT, "pretrain: stage A step %d/%d loss %.4f object-token accuracy %.3f%n",
                      st, recipe.visionSteps(), l, acc);
                }
              });
          model.setVisionFrozen(true);
          model.save(stageA);
          Files.writeString(stageA.resolve("stage_a.json"), JSON.writeValueAsString(Map.of(
              "loss_last_tenth", end[0], "object_token_accuracy_last_tenth", end[1], "seconds", (System.nanoTime() - ta) / 1e9)));
        }
      }
      // stage B: the language model; the tower trains along only without a stage A
      model.setVisionFrozen(recipe.visionSteps() > 0);
      if (recipe.visionSteps() > 0 && resume.isEmpty()) {
        Map<String, NDArray> tower = new LinkedHashMap<>();
        model.namedParameters().forEach((k, v) -> tower.put(k, v.getArray()));
        QwenPolicy.loadInto(tower, stageA);
      }
      int eos = model.generationConfig().eosTokenIds().get(0);
      Map<String, NDArray> params = new LinkedHashMap<>();
      model.namedParameters().forEach((k, v) -> {
        if (v.requiresGradient()) {
          params.put(k, v.getArray());
        }
      });
      int start = 0;
      try (AdamW opt = new AdamW(oc, params)) {
        if (resume.isPresent()) {
          TrainerState st = Checkpointer.readState(resume.get());
          Map<String, NDArray> all = new LinkedHashMap<>();
          model.namedParameters().forEach((k, v) -> all.put(k, v.getArray()));
          QwenPolicy.loadInto(all, resume.get().resolve(Checkpointer.MODEL_DIR));
          opt.loadState(st.optimizerStep(), Checkpointer.readTensors(resume.get().resolve(Checkpointer.OPTIMIZER_FILE)));
          start = st.step();
          log.printf(Locale.ROOT, "pretrain: resuming from %s at step %d%n", resume.get(), start);
        }
        LrSchedule schedule = new LrSchedule(oc, recipe.steps());
        double window = 0;
        int windowSteps = 0;
        for (int step = start; step < recipe.steps(); step++) {
          long t0 = System.nanoTime();
          List<Scored> batch = new ArrayList<>(recipe.batch());
          long tokens = 0;
          for (int i = 0; i < recipe.batch(); i++) {
            Scored sc = scored(model, tasks.sample((long) step * recipe.batch() + i), eos);
            batch.add(sc);
            tokens += sc.completion().length;
          }
          double loss = 0;
          for (Scored sc : batch) {
            try (NDManager tmp = NDManager.newBaseManager();
                NDScope scope = new NDScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              scope.suppressNotUsedWarning();
              try (EncodedPrompt enc = sc.encode(model)) {
                NDArray lp = model.logProbs(tmp, enc, List.of(sc.completion()));
                NDArray l = lp.sum().neg().div(OwnedArrays.scalarLike(lp, (double) tokens));
                loss += l.stopGradient().toType(DataType.FLOAT64, false).getDouble();
                gc.backward(l);
              }
            }
          }
          double norm = GradientClipping.clipGlobalNorm(opt.parameters().values(), oc.maxGradNorm());
          double lr = schedule.lr(step);
          if (Double.isFinite(norm)) {
            opt.update(lr);
          } else {
            opt.zeroGradients();
          }
          Map<String, Object> rec = new LinkedHashMap<>();
          rec.put("step", step + 1);
          rec.put("loss", loss);
          rec.put("lr", lr);
          rec.put("grad_norm", norm);
          rec.put("tokens", tokens);
          rec.put("step_time", (System.nanoTime() - t0) / 1e9);
          appendMetrics(rec);
          window += loss;
          windowSteps++;
          if ((step + 1) % 50 == 0 || step + 1 == recipe.steps()) {
            log.printf(Locale.ROOT, "pretrain: step %d/%d loss %.4f (mean of %d) lr %.2e %.2f s/step%n",
                step + 1, recipe.steps(), window / windowSteps, windowSteps, lr, (System.nanoTime() - t0) / 1e9);
            window = 0;
            windowSteps = 0;
          }
          if ((step + 1) % recipe.saveSteps() == 0 && step + 1 < recipe.steps()) {
            save(ckpt, model, opt, step + 1);
          }
        }
      }
      Path dir = out.resolve(MODEL_DIR);
      model.setVisionFrozen(true);
      model.save(dir, DType.F16);
      Map<PretrainingTasks.Task, Double> heldOut;
      try (Qwen25VlModel shipped = Qwen25VlModel.load(dir)) {
        heldOut = PretrainEval.accuracy(shipped, recipe.seed() + 1, 50, 25);
      }
      log.printf(Locale.ROOT, "pretrain: held-out accuracy %s%n", PretrainEval.describe(heldOut));
      writeProvenance(dir, (System.nanoTime() - wall0) / 1e9, start, heldOut);
      log.printf(Locale.ROOT, "pretrain: wrote %s%n", dir);
      return dir;
    }
  }

  /**
   * A sample as the model sees it: the prompt ids up to where the loss starts, the image patches,
   * and the scored continuation (the user text, the template's turn change and the target when the
   * recipe takes the loss over the whole sequence; else the target alone), ending with {@code
   * <|im_end|>}.
   */
  private record Scored(int[] prefix, ModelInputs inputs, int[] completion) {

    EncodedPrompt encode(Qwen25VlModel model) {
      List<int[]> grids = new ArrayList<>();
      for (GridThw g : inputs.images().grids()) {
        grids.add(new int[] {g.t(), g.h(), g.w()});
      }
      return model.encode(prefix, inputs.hasImages() ? inputs.images().pixelValues() : null, grids);
    }
  }

  /** The ids of {@code <|im_end|>\n<|im_start|>assistant\n}: the end of every encoded prompt. */
  private static final int TURN_CHANGE = 5;

  private Scored scored(Qwen25VlModel model, PretrainingTasks.Sample s, int eos) {
    Qwen25VlProcessor proc = model.processor().orElseThrow();
    QwenTokenizer tok = proc.tokenizer();
    List<RgbImage> images = s.image() == null ? List.of() : List.of(s.image());
    int[] target = tok.encode(s.target());
    if (!recipe.fullSequenceLoss()) {
      ModelInputs in = proc.encode(VlmPrompt.of(images, s.user()));
      return new Scored(in.inputIds(), in, append(target, new int[] {eos}));
    }
    ModelInputs empty = proc.encode(VlmPrompt.of(images, ""));
    int[] ids = empty.inputIds();
    int cut = ids.length - TURN_CHANGE;
    int[] prefix = Arrays.copyOf(ids, cut);
    int[] turnChange = Arrays.copyOfRange(ids, cut, ids.length);
    return new Scored(prefix, empty, append(append(tok.encode(s.user()), turnChange), append(target, new int[] {eos})));
  }

  private static int[] append(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private void checkRecipe() throws IOException {
    Path file = out.resolve(RECIPE_FILE);
    String mine = JSON.writeValueAsString(recipe.describe());
    if (Files.isRegularFile(file)) {
      String theirs = Files.readString(file, StandardCharsets.UTF_8);
      if (!JSON.readTree(theirs).equals(JSON.readTree(mine))) {
        throw new IllegalArgumentException(
            out + " holds a pretraining run of another recipe (" + file + "); use a new output folder");
      }
    } else {
      Files.writeString(file, mine, StandardCharsets.UTF_8);
    }
  }

  private void save(Checkpointer ckpt, Qwen25VlModel model, AdamW opt, int step) {
    ckpt.save(
        new TrainerState(step, 0, 0, opt.step(), recipe.steps(), recipe.seed(), 0),
        dir -> {
          model.save(dir.resolve(Checkpointer.MODEL_DIR));
          Checkpointer.writeTensors(dir.resolve(Checkpointer.OPTIMIZER_FILE), opt.stateTensors());
        });
    // keep the two newest checkpoints
    try (Stream<Path> s = Files.list(out)) {
      List<Path> old = s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+"))
          .sorted(java.util.Comparator.comparingInt((Path p) -> Integer.parseInt(p.getFileName().toString().substring(11))).reversed())
          .skip(2).toList();
      for (Path p : old) {
        MoreFiles.deleteRecursively(p, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune old checkpoints in " + out, e);
    }
  }

  private void appendMetrics(Map<String, Object> rec) {
    try {
      Files.writeString(out.resolve(METRICS_FILE), JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rec) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + out.resolve(METRICS_FILE), e);
    }
  }

  private void writeProvenance(Path dir, double wallSeconds, int resumedAt, Map<PretrainingTasks.Task, Double> heldOut)
      throws IOException {
    List<double[]> curve = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve(METRICS_FILE), StandardCharsets.UTF_8)) {
      var n = JSON.readTree(line);
      curve.add(new double[] {n.path("step").asInt(), n.path("loss").asDouble()});
    }
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("model", "robustr1-tiny");
    p.put("recipe", recipe.describe());
    p.put("commit", commit);
    p.put("steps", recipe.steps());
    p.put("resumed_at_step", resumedAt);
    p.put("wall_seconds_last_session", wallSeconds);
    double total = 0;
    for (String line : Files.readAllLines(out.resolve(METRICS_FILE), StandardCharsets.UTF_8)) {
      total += JSON.readTree(line).path("step_time").asDouble();
    }
    p.put("train_seconds", total);
    p.put("java", System.getProperty("java.version"));
    p.put("os_arch", System.getProperty("os.arch"));
    p.put("cores", Runtime.getRuntime().availableProcessors());
    List<Map<String, Object>> points = new ArrayList<>();
    int every = Math.max(1, curve.size() / 100);
    for (int i = 0; i < curve.size(); i += every) {
      double m = 0;
      int k = 0;
      for (int j = i; j < Math.min(curve.size(), i + every); j++, k++) {
        m += curve.get(j)[1];
      }
      points.add(Map.of("step", (int) curve.get(Math.min(curve.size(), i + every) - 1)[0], "loss", m / k));
    }
    p.put("loss_curve", points);
    Path stageAFile = out.resolve(STAGE_A_DIR).resolve("stage_a.json");
    if (Files.isRegularFile(stageAFile)) {
      p.put("stage_a", JSON.readTree(stageAFile.toFile()));
    }
    p.put("held_out_accuracy", heldOut);
    p.put("held_out_note", "greedy exact match on 50 samples per task drawn with seed " + (recipe.seed() + 1)
        + " (the weights as saved, widened from float16)");
    Files.writeString(dir.resolve(PROVENANCE_FILE), JSON.writeValueAsString(p) + "\n", StandardCharsets.UTF_8);
  }
}
