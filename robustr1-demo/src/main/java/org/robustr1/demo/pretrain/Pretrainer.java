package org.robustr1.demo.pretrain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustr1.core.image.RgbImage;
import org.robustr1.core.io.TrainRow;
import org.robustr1.eval.data.ImageCodec;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.processor.ModelInputs;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.qwen.OwnedArrays;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.model.safetensors.DType;
import org.robustr1.model.tokenizer.QwenTokenizer;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.checkpoint.Checkpointer;
import org.robustr1.train.checkpoint.Resume;
import org.robustr1.train.checkpoint.RunConfig;
import org.robustr1.train.data.ImageRoot;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.TrainDataReader;
import org.robustr1.train.loop.TrainingLoop;
import org.robustr1.train.loop.TrainingStep;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.optim.ScheduleType;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.sft.SftConfig;
import org.robustr1.train.sft.SftTrainer;

/**
 * Pretrains {@code robustr1-tiny} from random weights on {@link PretrainingTasks}, in up to three
 * stages on the one {@link TrainingLoop}: stage A trains the vision tower and merger alone ({@link
 * VisionPretraining}, under {@code OUT/stage-a}); stage B trains the language model on the frozen
 * tower with the mean cross-entropy over the scored tokens of a step; stage C ({@link
 * QuestionStage}, when the recipe has one) fine-tunes stage B's half-precision weights ({@code
 * OUT/stage-b}) with the SFT trainer on clean scene questions (under {@code OUT/stage-c}). Step {@code s} of stage B
 * takes samples {@code s·batch … s·batch + batch − 1} of the task stream, so a run resumed from
 * {@code checkpoint-N} (written every {@link PretrainRecipe#saveSteps()} steps, the two newest
 * kept) continues on exactly the samples it would have seen. A folder holding another recipe is
 * refused.
 *
 * <p>At the end the model is written to {@code OUT/model} in half precision with {@code
 * provenance.json} (recipe, steps, loss curves, wall time, held-out accuracy, commit when given;
 * with a stage C, stage B's own provenance nested under {@code stage_b}).
 */
public final class Pretrainer {

  /** The final checkpoint folder under the output folder. */
  public static final String MODEL_DIR = "model";
  /** The metrics file under the output folder. */
  public static final String METRICS_FILE = TrainingLoop.METRICS_FILE;
  /** The provenance file beside the final weights. */
  public static final String PROVENANCE_FILE = "provenance.json";

  private static final String RECIPE_FILE = "recipe.json";
  private static final String STAGE_A_DIR = "stage-a";
  private static final String STAGE_A_FILE = "stage_a.json";
  /** Stage B's model when the recipe has a stage C. */
  private static final String STAGE_B_DIR = "stage-b";
  private static final String STAGE_C_DIR = "stage-c";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PretrainRecipe recipe;
  private final Path out;
  private final PrintStream log;
  private String commit = "unknown";
  private int heldOutSamples = 50;
  private Path stageBFrom;

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

  /** Held-out samples per task scored on the final weights (default 50). */
  public Pretrainer optHeldOutSamples(int n) {
    checkArgument(n >= 1, "held-out samples must be >= 1, got %s", n);
    this.heldOutSamples = n;
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

  /**
   * Starts stage C from a finished stage B instead of running stages A and B: {@code dir} is a model
   * folder with the {@code provenance.json} of this recipe's stages A and B (an earlier run's {@code
   * OUT/stage-b}, or weights shipped before stage C). It is copied into {@code OUT/stage-b}.
   */
  public Pretrainer optStageB(Path dir) {
    this.stageBFrom = requireNonNull(dir, "dir");
    return this;
  }

  /** Runs (or resumes) the recipe and returns the final model folder. */
  public Path run() throws IOException {
    long wall0 = System.nanoTime();
    Files.createDirectories(out);
    checkRecipe();
    if (!recipe.questions().enabled()) {
      checkArgument(stageBFrom == null, "this recipe has no stage C to start from a stage B");
      return runStagesAAndB(out.resolve(MODEL_DIR), wall0);
    }
    Path stageB = out.resolve(STAGE_B_DIR);
    if (stageBFrom != null && !Files.isRegularFile(stageB.resolve(PROVENANCE_FILE))) {
      checkStageB(stageBFrom);
      copyFolder(stageBFrom, stageB);
      log.printf(Locale.ROOT, "pretrain: stage B from %s%n", stageBFrom);
    } else if (Files.isRegularFile(stageB.resolve(PROVENANCE_FILE))) {
      checkStageB(stageB);
      log.printf(Locale.ROOT, "pretrain: stage B done earlier, loading %s%n", stageB);
    } else {
      runStagesAAndB(stageB, wall0);
    }
    return runStageC(stageB, wall0);
  }

  /** Stages A and B into {@code dir} (half precision, with provenance). */
  private Path runStagesAAndB(Path dir, long wall0) throws IOException {
    boolean stageBStarted = new Checkpointer(out).latest().isPresent();
    PretrainingTasks tasks = PretrainingTasks.of(recipe.seed(), EmbeddedModel.IMAGE_SIZE, recipe.taskMix());
    try (Qwen25VlModel model = initialModel(recipe, out.resolve("files"))) {
      Path stageA = out.resolve(STAGE_A_DIR);
      if (recipe.visionSteps() > 0 && !stageBStarted) {
        if (Files.isRegularFile(stageA.resolve(STAGE_A_FILE))) {
          log.printf(Locale.ROOT, "pretrain: stage A done earlier, loading %s%n", stageA);
        } else {
          runStageA(model, tasks, stageA);
        }
        Map<String, NDArray> tower = new LinkedHashMap<>();
        model.namedParameters().forEach((k, v) -> tower.put(k, v.getArray()));
        QwenPolicy.loadInto(tower, stageA);
      }
      // stage B: the language model; the tower trains along only without a stage A
      model.setVisionFrozen(recipe.visionSteps() > 0);
      TrainResult result = runStageB(model, tasks);
      int resumedAt = result.resumedFrom() == null ? 0 : Checkpointer.readState(result.resumedFrom()).step();
      model.setVisionFrozen(true);
      model.save(dir, DType.F16);
      Map<PretrainingTasks.Task, Double> heldOut = heldOut(dir, recipe.taskMix());
      writeProvenance(dir, (System.nanoTime() - wall0) / 1e9, resumedAt, heldOut);
      log.printf(Locale.ROOT, "pretrain: wrote %s%n", dir);
      return dir;
    }
  }

  private Map<PretrainingTasks.Task, Double> heldOut(Path dir, Map<PretrainingTasks.Task, Double> mix) throws IOException {
    Map<PretrainingTasks.Task, Double> heldOut;
    try (Qwen25VlModel shipped = Qwen25VlModel.load(dir)) {
      heldOut = PretrainEval.accuracy(shipped, recipe.seed() + 1, heldOutSamples, 25, mix);
    }
    log.printf(Locale.ROOT, "pretrain: held-out accuracy %s%n", PretrainEval.describe(heldOut));
    return heldOut;
  }

  /** Refuses a stage B whose provenance names other stages A and B than this recipe's. */
  private void checkStageB(Path dir) throws IOException {
    Path file = dir.resolve(PROVENANCE_FILE);
    checkArgument(Files.isRegularFile(file), "%s is not a finished stage B: %s is missing", dir, file);
    var theirs = JSON.readTree(file.toFile()).path("recipe");
    var mine = JSON.readTree(JSON.writeValueAsString(recipe.stagesAAndB().describe()));
    if (!theirs.equals(mine)) {
      throw new IllegalArgumentException(dir + " holds a stage B of another recipe (" + file + " recipe " + theirs
          + "); start from this recipe's stage B or leave the stage B out");
    }
  }

  /**
   * Stage C: the {@link QuestionStage}'s samples (seed {@link PretrainRecipe#questionSeed()}) written
   * as training rows under {@code OUT/stage-c}, the SFT trainer from stage B's weights (resumable
   * from its checkpoints under {@code OUT/stage-c/run}), the result in half precision in {@code
   * OUT/model}.
   */
  private Path runStageC(Path stageB, long wall0) throws IOException {
    QuestionStage q = recipe.questions();
    Path dir = out.resolve(STAGE_C_DIR);
    Path file = writeQuestionRows(dir.resolve("data"), q);
    double[] window = new double[2];
    SftConfig cfg =
        SftConfig.defaults()
            .withBatch(q.batch(), 1)
            .withSteps(1, q.steps())
            .withCutoffLen(1024)
            .withOptimizer(
                OptimizerConfig.sftDefaults().withLearningRate(q.learningRate()).withSchedule(ScheduleType.COSINE, -1, q.warmupRatio()))
            .withSeedAndSaving(recipe.questionSeed(), recipe.saveSteps())
            .withPromptStyle(PromptStyle.RAW);
    RunOptions run = RunOptions.of(dir.resolve("run")).withResume(Resume.auto()).withProgressBar(false).withListener((done, rec) -> {
      window[0] += ((Number) rec.get("loss")).doubleValue();
      window[1]++;
      if (done % 50 == 0 || done == q.steps()) {
        log.printf(Locale.ROOT, "pretrain: stage C step %d/%d loss %.4f (mean of %d)%n", done, q.steps(), window[0] / window[1],
            (int) window[1]);
        window[0] = 0;
        window[1] = 0;
      }
    });
    TrainResult result;
    try (QwenPolicy policy = QwenPolicy.load(stageB)) {
      result = new SftTrainer(cfg, policy)
          .train(TrainDataReader.read(file, new ImageRoot(file.getParent()), OnBadRow.FAIL, true), run);
    }
    int resumedAt = result.resumedFrom() == null ? 0 : Checkpointer.readState(result.resumedFrom()).step();
    Path model = out.resolve(MODEL_DIR);
    try (Qwen25VlModel m = Qwen25VlModel.load(result.finalCheckpoint().resolve(Checkpointer.MODEL_DIR))) {
      m.setVisionFrozen(true);
      m.save(model, DType.F16);
    }
    Map<PretrainingTasks.Task, Double> mix = new EnumMap<>(recipe.taskMix());
    q.mix().forEach((t, w) -> mix.putIfAbsent(t, w));
    Map<PretrainingTasks.Task, Double> heldOut = heldOut(model, mix);

    Map<String, Object> c = new LinkedHashMap<>();
    c.put("data_seed", recipe.questionSeed());
    c.put("start", "the stage-B weights in half precision (stage-b/)");
    c.put("resumed_at_step", resumedAt);
    Path metrics = dir.resolve("run").resolve(METRICS_FILE);
    c.put("train_seconds", trainSeconds(metrics));
    c.put("loss_curve", lossCurve(metrics));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("model", "robustr1-tiny");
    p.put("recipe", recipe.describe());
    p.put("commit", commit);
    var b = (ObjectNode) JSON.readTree(stageB.resolve(PROVENANCE_FILE).toFile());
    b.remove(List.of("model", "recipe"));
    if (b.has("stage_a")) {
      p.put("stage_a", b.remove("stage_a"));
    }
    p.put("stage_b", b);
    p.put("stage_c", c);
    p.put("wall_seconds_last_session", (System.nanoTime() - wall0) / 1e9);
    putMachine(p);
    p.put("held_out_accuracy", heldOut);
    p.put("held_out_note", heldOutNote());
    Files.writeString(model.resolve(PROVENANCE_FILE), JSON.writeValueAsString(p) + "\n", StandardCharsets.UTF_8);
    log.printf(Locale.ROOT, "pretrain: wrote %s%n", model);
    return model;
  }

  /**
   * Stage C's rows and images under {@code dir}; written once (the rows file last, so a folder
   * without it is rewritten) and then reused, since they depend on the recipe alone.
   */
  private Path writeQuestionRows(Path dir, QuestionStage q) throws IOException {
    Path file = dir.resolve("train.jsonl");
    if (Files.isRegularFile(file)) {
      return file;
    }
    Files.createDirectories(dir);
    log.printf(Locale.ROOT, "pretrain: stage C writes %d samples into %s%n", q.samples(), dir);
    PretrainingTasks tasks = PretrainingTasks.of(recipe.questionSeed(), EmbeddedModel.IMAGE_SIZE, q.mix());
    List<String> rows = new ArrayList<>(q.samples());
    for (int i = 0; i < q.samples(); i++) {
      PretrainingTasks.Sample s = tasks.sample(i);
      String name = "s" + i + ".png";
      Files.write(dir.resolve(name), ImageCodec.encode(s.image(), "png"));
      rows.add(TrainRow.of(List.of(name), "<image>" + s.user(), s.target()).toCompactJson());
    }
    Path tmp = dir.resolve("train.jsonl.tmp");
    Files.write(tmp, rows, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return file;
  }

  private static void copyFolder(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (var files = Files.list(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(f)) {
          Files.copy(f, to.resolve(f.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private void runStageA(Qwen25VlModel model, PretrainingTasks tasks, Path stageA) throws IOException {
    model.setVisionFrozen(false);
    long ta = System.nanoTime();
    double[] end =
        VisionPretraining.train(model, tasks, recipe.visionSteps(), recipe.visionBatch(), recipe.visionLearningRate(),
            recipe.visionStatisticsWeight(), recipe.visionAugmentation(), recipe.seed(),
            runConfig("pretrain-vision").trajectory(VisionPretraining.WARMUP_FIELD, VisionPretraining.WARMUP).build(),
            RunOptions.of(stageA.resolve("run")).withResume(Resume.auto()).withProgressBar(false).withListener((st, rec) -> {
              if (st % 100 == 0 || st == recipe.visionSteps()) {
                log.printf(Locale.ROOT, "pretrain: stage A step %d/%d loss %.4f object-token accuracy %.3f%s%n",
                    st, recipe.visionSteps(), rec.get("loss"), rec.get(VisionPretraining.ACCURACY),
                    rec.containsKey(VisionPretraining.STATISTICS_R2)
                        ? String.format(Locale.ROOT, " statistics R² %.3f", rec.get(VisionPretraining.STATISTICS_R2)) : "");
              }
            }));
    model.setVisionFrozen(true);
    model.save(stageA);
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("loss_last_tenth", end[0]);
    stats.put("object_token_accuracy_last_tenth", end[1]);
    if (!Double.isNaN(end[2])) {
      stats.put("statistics_r2_last_tenth", end[2]);
    }
    stats.put("seconds", (System.nanoTime() - ta) / 1e9);
    Files.writeString(stageA.resolve(STAGE_A_FILE), JSON.writeValueAsString(stats));
  }

  /**
   * Stage B on the one training loop: step {@code s} scores samples {@code s·batch …} of the task
   * stream (no data rows: the loop's cursor walks a single placeholder row and is never asked).
   */
  private TrainResult runStageB(Qwen25VlModel model, PretrainingTasks tasks) {
    OptimizerConfig oc =
        OptimizerConfig.sftDefaults()
            .withLearningRate(recipe.learningRate())
            .withSchedule(ScheduleType.COSINE, -1, recipe.warmupRatio())
            .withWeightDecay(0.0);
    int eos = model.generationConfig().eosTokenIds().get(0);
    Map<String, NDArray> all = new LinkedHashMap<>();
    Map<String, NDArray> params = new LinkedHashMap<>();
    model.namedParameters().forEach((k, v) -> {
      all.put(k, v.getArray());
      if (v.requiresGradient()) {
        params.put(k, v.getArray());
      }
    });
    double[] window = new double[2];
    TrainingStep step = ctx -> {
      List<Scored> batch = new ArrayList<>(recipe.batch());
      long tokens = 0;
      for (int i = 0; i < recipe.batch(); i++) {
        Scored sc = scored(model, tasks.sample((long) ctx.step() * recipe.batch() + i), eos);
        batch.add(sc);
        tokens += sc.completion().length;
      }
      double loss = 0;
      for (Scored sc : batch) {
        long n = tokens;
        loss += ctx.collect(gc -> {
          try (NDManager tmp = model.manager().newSubManager(); EncodedPrompt enc = sc.encode(model)) {
            NDArray lp = model.logProbs(tmp, enc, List.of(sc.completion()));
            NDArray l = lp.sum().neg().div(OwnedArrays.scalarLike(lp, (double) n));
            double value = l.stopGradient().toType(DataType.FLOAT64, false).getDouble();
            gc.backward(l);
            return value;
          }
        });
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("loss", loss);
      m.put("tokens", tokens);
      return TrainingStep.StepResult.of(m);
    };
    TrainingLoop loop = TrainingLoop.builder("pretrain")
        .setParameters(params)
        .setOptimizer(oc)
        .setTotalSteps(recipe.steps())
        .setSeed(recipe.seed())
        .setRows(new TrainingLoop.Rows(1, out.resolve(RECIPE_FILE), i -> 1))
        .setModel(new TrainingLoop.ModelState() {
          @Override
          public void save(Path dir) {
            try {
              model.save(dir);
            } catch (IOException e) {
              throw new UncheckedIOException("cannot write the model into " + dir, e);
            }
          }

          @Override
          public void load(Path dir) {
            QwenPolicy.loadInto(all, dir);
          }
        })
        .setRunConfig(runConfig("pretrain").build())
        .optSaveSteps(recipe.saveSteps())
        .optKeepCheckpoints(2)
        .optPlotted(List.of("loss"))
        .build();
    RunOptions run = RunOptions.of(out).withResume(Resume.auto()).withProgressBar(false).withListener((done, rec) -> {
      window[0] += ((Number) rec.get("loss")).doubleValue();
      window[1]++;
      if (done % 50 == 0 || done == recipe.steps()) {
        log.printf(Locale.ROOT, "pretrain: step %d/%d loss %.4f (mean of %d) lr %.2e %.2f s/step%n",
            done, recipe.steps(), window[0] / window[1], (int) window[1], rec.get("lr"), rec.get("step_time"));
        window[0] = 0;
        window[1] = 0;
      }
    });
    return loop.run(step, run);
  }

  /**
   * A sample as the model sees it: the prompt ids up to where the loss starts, the image patches,
   * and the scored continuation (the user text, the template's turn change and the target when the
   * recipe takes the loss over the whole sequence; else the target alone), ending with {@code
   * <|im_end|>}.
   */
  private record Scored(int[] prefix, ModelInputs inputs, int[] completion) {

    EncodedPrompt encode(Qwen25VlModel model) {
      return model.encode(prefix, inputs.hasImages() ? inputs.images().pixelValues() : null, inputs.images().gridArrays());
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

  /**
   * The recipe as a run configuration to build, nested fields flattened ({@code
   * recipe.size.hidden_size}); a stage adds its own fields.
   */
  private RunConfig.Builder runConfig(String trainer) {
    RunConfig.Builder b = RunConfig.builder(trainer);
    flatten("recipe.", recipe.stagesAAndB().describe(), b);
    return b;
  }

  private static void flatten(String prefix, Map<?, ?> fields, RunConfig.Builder b) {
    fields.forEach((k, v) -> {
      if (v instanceof Map<?, ?> inner) {
        flatten(prefix + k + ".", inner, b);
      } else {
        b.trajectory(prefix + k, v instanceof List<?> l ? l.toString() : v);
      }
    });
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

  private void writeProvenance(Path dir, double wallSeconds, int resumedAt, Map<PretrainingTasks.Task, Double> heldOut)
      throws IOException {
    Path metrics = out.resolve(METRICS_FILE);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("model", "robustr1-tiny");
    p.put("recipe", recipe.stagesAAndB().describe());
    p.put("commit", commit);
    p.put("steps", recipe.steps());
    p.put("resumed_at_step", resumedAt);
    p.put("wall_seconds_last_session", wallSeconds);
    p.put("train_seconds", trainSeconds(metrics));
    putMachine(p);
    p.put("loss_curve", lossCurve(metrics));
    Path stageAFile = out.resolve(STAGE_A_DIR).resolve(STAGE_A_FILE);
    if (Files.isRegularFile(stageAFile)) {
      p.put("stage_a", JSON.readTree(stageAFile.toFile()));
    }
    p.put("held_out_accuracy", heldOut);
    p.put("held_out_note", heldOutNote());
    Files.writeString(dir.resolve(PROVENANCE_FILE), JSON.writeValueAsString(p) + "\n", StandardCharsets.UTF_8);
  }

  /** The JVM, architecture and core count the run had. */
  private static void putMachine(Map<String, Object> p) {
    p.put("java", System.getProperty("java.version"));
    p.put("os_arch", System.getProperty("os.arch"));
    p.put("cores", Runtime.getRuntime().availableProcessors());
    // PyTorch's intra-op threads round some sums differently, so the bytes depend on them
    p.put("cpu_threads", org.robustr1.model.device.Devices.cpuThreads());
  }

  private String heldOutNote() {
    return "greedy exact match on " + heldOutSamples + " samples per task drawn with seed " + (recipe.seed() + 1)
        + " (the weights as saved, widened from float16)";
  }

  private static double trainSeconds(Path metrics) throws IOException {
    double total = 0;
    for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
      total += JSON.readTree(line).path("step_time").asDouble();
    }
    return total;
  }

  /** The loss per step of a metrics file, averaged over at most 100 windows. */
  private static List<Map<String, Object>> lossCurve(Path metrics) throws IOException {
    List<double[]> curve = new ArrayList<>();
    for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
      var n = JSON.readTree(line);
      curve.add(new double[] {n.path("step").asInt(), n.path("loss").asDouble()});
    }
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
    return points;
  }
}
