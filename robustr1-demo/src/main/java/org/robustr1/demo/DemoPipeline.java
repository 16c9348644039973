package org.robustr1.demo;

import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.io.TrainRow;
import org.robustr1.degrade.dataset.DatasetBuilder;
import org.robustr1.degrade.dataset.OutputMode;
import org.robustr1.degrade.dataset.TrainingPrompts;
import org.robustr1.degrade.scenes.QuestionKind;
import org.robustr1.degrade.scenes.SceneDataset;
import org.robustr1.degrade.scenes.SceneDatasetGenerator;
import org.robustr1.degrade.scenes.SceneQuestion;
import org.robustr1.eval.aokvqa.Aokvqa;
import org.robustr1.eval.data.McqDataset;
import org.robustr1.eval.data.McqItem;
import org.robustr1.eval.matching.AnswerMatcher;
import org.robustr1.eval.matching.ChoiceExtractor;
import org.robustr1.eval.matching.MatchingRules;
import org.robustr1.eval.prompt.McqPromptStyle;
import org.robustr1.eval.report.Stats;
import org.robustr1.eval.run.CachedScoring;
import org.robustr1.eval.run.DegradationTrack;
import org.robustr1.eval.run.McqEvalRunner;
import org.robustr1.eval.score.McqScorer;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.Generation;
import org.robustr1.model.VlmPrompt;
import org.robustr1.degrade.pipeline.DegradationPipeline;
import org.robustr1.degrade.dataset.ReasoningDepth;
import org.robustr1.tiny.RobustR1Tiny;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.device.Devices;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.model.tokenizer.QwenTokenizer;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.checkpoint.Checkpointer;
import org.robustr1.train.data.ImageRoot;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataReader;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.data.TrainExample;
import org.robustr1.train.grpo.GrpoConfig;
import org.robustr1.train.grpo.GrpoRewards;
import org.robustr1.train.grpo.GrpoTrainer;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.optim.ScheduleType;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.sft.SftConfig;
import org.robustr1.train.sft.SftTrainer;

/**
 * Runs the miniature Robust-R1 pipeline into an output folder and returns what it measured.
 *
 * <ol>
 *   <li>{@code scenes/}: procedural scenes in the A-OKVQA layout ({@link SceneDatasetGenerator});
 *   <li>{@code data/chain}, {@code data/answer}: the degraded training set built by {@link
 *       DatasetBuilder} (one to four of the four official stages per image, one op each, random
 *       intensities, 10 % clean), once with full chains and once answers only, on the same
 *       degraded images; {@code data/perception}: held-out images degraded the same way;
 *   <li>both arms start from the same pretrained checkpoint ({@code robustr1-tiny} unless {@link
 *       DemoConfig#withPretrained} names another), vision tower and merger frozen;
 *   <li>{@code train/sft}, {@code train/grpo}, {@code train/baseline}: SFT on chains, GRPO with the
 *       four official rewards from the SFT weights (reference = SFT), and the answer-only baseline
 *       with as many optimizer steps as SFT plus GRPO;
 *   <li>{@code eval/{pretrained,baseline,sft,sft+grpo}}: held-out scenes clean and through the
 *       official pipeline at 0.23 / 0.45 / 0.9, greedy decoding, VLMEvalKit exact matching (the
 *       pretrained checkpoint before any fine-tuning, with the answer-only prompt, as a reference);
 *       the chain models' TYPE sections on {@code data/perception} (perception scores).
 * </ol>
 *
 * <p>Earlier demo output in the same folder is replaced (only the folders listed above).
 */
public final class DemoPipeline {

  /** Track names and their intensities, in report order. */
  public static final List<String> TRACKS = List.of("clean", "25", "50", "100");

  /**
   * Model labels, in report order: the pretrained checkpoint both arms start from, evaluated before
   * any fine-tuning (the base-model row of the paper's Table 3), then {@link #ARMS}.
   */
  public static final List<String> MODELS = List.of("pretrained", "baseline", "sft", "sft+grpo");

  /** The fine-tuned models: the answer-only arm, chain SFT, and chain SFT followed by GRPO. */
  public static final List<String> ARMS = List.of("baseline", "sft", "sft+grpo");

  /** New tokens an answer-only model may write: the text of one choice. */
  static final int ANSWER_TOKENS = 8;

  private static final List<String> OWNED = List.of("scenes", "data", "model", "train", "eval");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final DemoConfig cfg;
  private final Path out;
  private final PrintStream log;
  private final boolean sideBySide;
  private final Map<String, Double> stageSeconds = new ConcurrentHashMap<>();
  private Map<String, QuestionKind> heldOutKinds;

  /**
   * A pipeline writing under {@code out}, logging progress lines to {@code log}; the two arms run
   * side by side when the machine has a core for each at the calling thread's PyTorch thread count
   * ({@link #armsFitSideBySide}).
   */
  public DemoPipeline(DemoConfig cfg, Path out, PrintStream log) {
    this(cfg, out, log, armsFitSideBySide());
  }

  /**
   * A pipeline writing under {@code out}, logging progress lines to {@code log}.
   *
   * @param sideBySide whether the answer-only arm (with the evaluation of the chain SFT model, from
   *     its checkpoint) runs on a second thread while the chain arm trains; the same models and
   *     predictions either way, only the wall time differs
   */
  public DemoPipeline(DemoConfig cfg, Path out, PrintStream log, boolean sideBySide) {
    this.cfg = requireNonNull(cfg, "cfg");
    this.out = requireNonNull(out, "out");
    this.log = requireNonNull(log, "log");
    this.sideBySide = sideBySide;
  }

  /**
   * Whether two arms fit side by side: at least twice the calling thread's PyTorch CPU threads in
   * available processors (with the demo's one thread per op, two cores).
   */
  public static boolean armsFitSideBySide() {
    return Runtime.getRuntime().availableProcessors() >= 2 * Devices.cpuThreads();
  }

  /** Runs every stage and returns the measurements (the report is written by {@link DemoReport}). */
  public DemoResult run() throws IOException {
    long t0 = System.nanoTime();
    Files.createDirectories(out);
    for (String d : OWNED) {
      deleteTree(out.resolve(d));
    }

    SceneDataset scenes = timed("scenes", this::generateScenes);
    log.printf(Locale.ROOT, "scenes: %d train, %d held-out -> %s%n", scenes.train().size(), scenes.val().size(), scenes.root());

    List<Path> sets =
        timed("dataset", () -> List.of(
            trainingSet(scenes, OutputMode.CHAIN), trainingSet(scenes, OutputMode.ANSWER_ONLY), perceptionSet(scenes)));
    TrainDataset chainData = readTrain(sets.get(0));
    TrainDataset answerData = readTrain(sets.get(1));
    TrainDataset perceptionData = readTrain(sets.get(2));
    log.printf(Locale.ROOT, "datasets: %d chain rows, %d answer-only rows, %d held-out perception rows%n",
        chainData.size(), answerData.size(), perceptionData.size());

    Path modelDir = cfg.pretrained() != null ? cfg.pretrained() : RobustR1Tiny.checkpointDir();
    int chainTokens = longestChainTokens(modelDir, chainData);
    int grpoTokens = Math.min(cfg.grpoMaxTokens(), chainTokens + 8);
    int evalTokens = Math.min(cfg.evalMaxTokens(), chainTokens + 8);
    log.printf(Locale.ROOT, "pretrained model: %s; longest training chain: %d tokens; GRPO completions <= %d, eval chains <= %d tokens%n",
        modelDir, chainTokens, grpoTokens, evalTokens);

    Map<String, ModelEval> evals = new ConcurrentHashMap<>();
    Map<String, TrainSummary> training = new ConcurrentHashMap<>();
    Map<String, List<PerceptionItem>> perception = new ConcurrentHashMap<>();
    int threads = Devices.cpuThreads();
    CompletableFuture<Path> sftModel = new CompletableFuture<>();

    Stage<Void> answerArm = () -> {
      try (QwenPolicy base = QwenPolicy.load(modelDir)) {
        evals.put("pretrained", timed("eval-pretrained", () -> evaluate("pretrained", base.model(), false, ANSWER_TOKENS, scenes)));
        TrainResult r =
            timed("sft-baseline", () -> new SftTrainer(sftConfig(cfg.baselineSteps(), cfg.baselineLr()), base)
                .train(answerData, runOptions("train/baseline")));
        training.put("baseline", TrainSummary.of("SFT answers only", r, "loss"));
        log.printf(Locale.ROOT, "baseline: %d SFT steps on answers, loss %s%n", r.steps(), training.get("baseline").describe());
        evals.put("baseline", timed("eval-baseline", () -> evaluate("baseline", base.model(), false, ANSWER_TOKENS, scenes)));
      }
      if (sideBySide) {
        try (QwenPolicy sft = QwenPolicy.load(awaitSftModel(sftModel))) {
          evaluateSft(sft, scenes, perceptionData, evalTokens, evals, perception);
        }
      }
      return null;
    };

    CompletableFuture<Void> answers = null;
    if (sideBySide) {
      answers = CompletableFuture.supplyAsync(() -> onWorker(threads, answerArm), runnable -> {
        Thread t = new Thread(runnable, "demo-answer-arm");
        t.setDaemon(true);
        t.start();
      });
    } else {
      answerArm.run();
    }

    try (QwenPolicy policy = QwenPolicy.load(modelDir)) {
      TrainResult sft =
          timed("sft", () -> new SftTrainer(sftConfig(cfg.sftSteps(), cfg.sftLr()), policy).train(chainData, runOptions("train/sft")));
      training.put("sft", TrainSummary.of("SFT chains", sft, "loss"));
      log.printf(Locale.ROOT, "SFT: %d steps on chains, loss %s%n", sft.steps(), training.get("sft").describe());
      Path sftDir = sft.finalCheckpoint().resolve(Checkpointer.MODEL_DIR);
      stopIfFailed(answers);
      if (sideBySide) {
        sftModel.complete(sftDir);
      } else {
        evaluateSft(policy, scenes, perceptionData, evalTokens, evals, perception);
      }

      TrainResult grpo = timed("grpo", () -> grpo(policy, sftDir, chainData, grpoTokens, "train/grpo"));
      training.put("sft+grpo", TrainSummary.of("GRPO (4 official rewards)", grpo, "reward"));
      stopIfFailed(answers);
      log.printf(Locale.ROOT, "GRPO: %d steps, reward %s%n", grpo.steps(), training.get("sft+grpo").describe());
      evals.put("sft+grpo", timed("eval-sft+grpo", () -> evaluate("sft+grpo", policy.model(), true, evalTokens, scenes)));
      perception.put("sft+grpo", timed("perception-sft+grpo", () -> perceive(policy, perceptionData, evalTokens)));
    } catch (IOException | RuntimeException | Error e) {
      sftModel.completeExceptionally(e); // releases the answer-only arm if it still waits for the SFT model
      throw e;
    }
    if (answers != null) {
      awaitArm(answers);
    }
    stageSeconds.put("total", (System.nanoTime() - t0) / 1e9);
    return new DemoResult(cfg, out, Map.copyOf(stageSeconds), inOrder(evals, MODELS), inOrder(training, ARMS), chainTokens,
        evalTokens, inOrder(perception, ARMS), threads, sideBySide ? 2 : 1);
  }

  /**
   * Evaluates the chain SFT model: the held-out questions ({@code eval-sft}) and the TYPE of its
   * chains on the perception set ({@code perception-sft}).
   */
  private void evaluateSft(QwenPolicy sft, SceneDataset scenes, TrainDataset perceptionData, int evalTokens,
      Map<String, ModelEval> evals, Map<String, List<PerceptionItem>> perception) throws IOException {
    evals.put("sft", timed("eval-sft", () -> evaluate("sft", sft.model(), true, evalTokens, scenes)));
    perception.put("sft", timed("perception-sft", () -> perceive(sft, perceptionData, evalTokens)));
  }

  /** Runs {@code stage} with {@code threads} PyTorch threads (an OpenMP setting of each thread). */
  private static Void onWorker(int threads, Stage<Void> stage) {
    Devices.setCpuThreads(threads);
    GradMode.set(false);
    try {
      return stage.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path awaitSftModel(CompletableFuture<Path> sftModel) throws IOException {
    try {
      return sftModel.join();
    } catch (CompletionException | CancellationException e) {
      throw new IOException("chain SFT failed, so its model is not evaluated: " + e.getCause(), e);
    }
  }

  /** Rethrows the answer-only arm's failure, if it has failed, so that the chain arm stops too. */
  private static void stopIfFailed(CompletableFuture<Void> arm) throws IOException {
    if (arm != null && arm.isCompletedExceptionally()) {
      awaitArm(arm);
    }
  }

  /** Waits for the answer-only arm; its failure is rethrown as it was thrown. */
  private static void awaitArm(CompletableFuture<Void> arm) throws IOException {
    try {
      arm.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** {@code m}'s entries in the order of {@code keys} (those present). */
  private static <V> Map<String, V> inOrder(Map<String, V> m, List<String> keys) {
    Map<String, V> ordered = new LinkedHashMap<>();
    keys.stream().filter(m::containsKey).forEach(k -> ordered.put(k, m.get(k)));
    return ordered;
  }

  // ---------------------------------------------------------------------------------- stages

  /** The training and held-out scene questions of the seed, written under {@code out/scenes}. */
  SceneDataset generateScenes() throws IOException {
    return sceneGenerator().generate(out.resolve("scenes"));
  }

  /** The generator of the demo's scenes (what {@link #generateScenes} writes). */
  SceneDatasetGenerator sceneGenerator() {
    return SceneDatasetGenerator.builder()
        .optTrainSize(cfg.trainScenes())
        .optValSize(cfg.evalScenes())
        .optImageSize(EmbeddedModel.IMAGE_SIZE)
        .optSeed(cfg.seed())
        .optGrid(2)
        .optObjectScale(1.5)
        .optQuestionKinds(cfg.sceneKinds())
        .optKeyRationaleFirst(true)
        .build();
  }

  /** The question kind of every held-out question, by question id (drawn once, on first use). */
  private synchronized Map<String, QuestionKind> heldOutKinds() {
    if (heldOutKinds == null) {
      SceneDatasetGenerator g = sceneGenerator();
      Map<String, QuestionKind> kinds = new HashMap<>();
      for (int i = 0; i < cfg.evalScenes(); i++) {
        SceneQuestion q = g.questionAt(SceneDatasetGenerator.VAL, i);
        kinds.put(q.record().questionId(), q.kind());
      }
      heldOutKinds = Map.copyOf(kinds);
    }
    return heldOutKinds;
  }

  /**
   * The degraded training set of one arm, {@code out/data/chain} or {@code out/data/answer}; both arms
   * get the same images and degradations (same seed).
   */
  Path trainingSet(SceneDataset scenes, OutputMode mode) throws IOException {
    Path dir = out.resolve(mode == OutputMode.CHAIN ? "data/chain" : "data/answer");
    buildDataset(scenes, SceneDatasetGenerator.TRAIN, dir, mode, cfg.seed(), Integer.MAX_VALUE);
    return dir;
  }

  /**
   * The held-out perception set, {@code out/data/perception}: held-out images degraded like the
   * training set (seed + 1), whose chains' TYPE is scored.
   */
  Path perceptionSet(SceneDataset scenes) throws IOException {
    Path dir = out.resolve("data/perception");
    buildDataset(scenes, SceneDatasetGenerator.VAL, dir, OutputMode.CHAIN, cfg.seed() + 1, cfg.perceptionScenes());
    return dir;
  }

  /**
   * Builds a degraded set of one split of {@code scenes} into {@code dir}: one to four of the four
   * stages per image ({@link DegradationPipeline.Mode#STAGES}), random intensities, 10 % clean, the
   * compact INFLUENCE and REASONING cut to the depth for the total intensity.
   */
  void buildDataset(SceneDataset scenes, String split, Path dir, OutputMode mode, long seed, int limit)
      throws IOException {
    DatasetBuilder.Result r =
        DatasetBuilder.builder()
            .setAokvqaFile(scenes.annotationFile(split))
            .setImageRoot(scenes.root())
            .setOutputDir(dir)
            .optSeed(seed)
            .optLimit(limit)
            .optMode(DegradationPipeline.Mode.STAGES)
            .optThreads(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())))
            .optCleanFraction(0.1)
            .optOutputMode(mode)
            .optInfluenceAnnotator(new CompactInfluenceAnnotator())
            .optReasoningDepth(ReasoningDepth.steps(cfg.reasoningThresholds().stream().mapToDouble(Double::doubleValue).toArray()))
            .build()
            .run();
    if (!r.failures().isEmpty()) {
      throw new IOException("dataset build failed for " + r.failures().size() + " rows, first: " + r.failures().get(0));
    }
  }

  /** Tokens of the longest training chain (with its end token), by the tokenizer in {@code modelDir}. */
  static int longestChainTokens(Path modelDir, TrainDataset chainData) throws IOException {
    try (QwenTokenizer tok = QwenTokenizer.load(modelDir)) {
      return chainData.rows().stream().mapToInt(r -> tok.encode(r.answer()).length + 1).max().orElse(1);
    }
  }

  /**
   * GRPO with the four official rewards from {@code policy}'s weights, against the frozen reference
   * model in {@code referenceDir} (the SFT result), on the chain rows; completions at most
   * {@code maxTokens}; writes its run under {@code out/runDir}.
   */
  TrainResult grpo(QwenPolicy policy, Path referenceDir, TrainDataset chainData, int maxTokens, String runDir)
      throws IOException {
    try (QwenPolicy reference = QwenPolicy.load(referenceDir)) {
      GrpoConfig gcfg =
          GrpoConfig.builder()
              .optNumGenerations(cfg.grpoGenerations())
              .optBatchSize(cfg.grpoGenerations() * cfg.grpoPrompts())
              .optGradientAccumulationSteps(1)
              .optMaxCompletionLength(maxTokens)
              .optTemperature(1.0)
              .optBeta(cfg.grpoBeta())
              .optOptimizer(
                  OptimizerConfig.grpoDefaults()
                      .withLearningRate(cfg.grpoLr())
                      .withSchedule(ScheduleType.CONSTANT, 0, 0))
              .optMaxSteps(cfg.grpoSteps())
              .optSaveSteps(0)
              .optLogCompletions(Math.max(1, cfg.grpoSteps() / 4), 2)
              .optSeed(cfg.seed())
              .build();
      GrpoTrainer trainer =
          new GrpoTrainer(
              gcfg,
              policy,
              reference,
              GrpoRewards.official(policy.tokenCounter(), Map.of()),
              new RowPrompts(PromptStyle.RAW));
      return trainer.train(chainData, runOptions(runDir));
    }
  }

  static TrainDataset readTrain(Path dir) {
    return TrainDataReader.read(
        dir.resolve(DatasetBuilder.TRAIN_FILE), new ImageRoot(dir.resolve(DatasetBuilder.IMAGE_DIR)), OnBadRow.FAIL, true);
  }

  SftConfig sftConfig(int steps, double lr) {
    return SftConfig.defaults()
        .withBatch(cfg.sftBatch(), 1)
        .withSteps(1, steps)
        .withCutoffLen(4096)
        .withOptimizer(
            OptimizerConfig.sftDefaults()
                .withLearningRate(lr)
                .withSchedule(ScheduleType.COSINE, -1, 0.1)
                .withWeightDecay(0.0))
        .withPromptStyle(PromptStyle.RAW)
        .withSeedAndSaving(cfg.seed(), 0);
  }

  RunOptions runOptions(String dir) {
    return RunOptions.of(out.resolve(dir)).withResume("off").withProgressBar(false);
  }

  // ---------------------------------------------------------------------------------- evaluation

  /** The user text the model was trained on: the question block, plus the template for chains. */
  static McqPromptStyle promptStyle(boolean chain) {
    return item -> {
      String block = TrainingPrompts.questionBlock(item.question(), List.copyOf(item.options().values()));
      return chain ? TrainingPrompts.robust(block) : block;
    };
  }

  private ModelEval evaluate(String label, Qwen25VlModel model, boolean chain, int maxTokens, SceneDataset scenes)
      throws IOException {
    return evaluate(label, model, chain, maxTokens, scenes, TRACKS);
  }

  /** Evaluates {@code model} on the held-out scenes of {@code scenes} on the given tracks. */
  ModelEval evaluate(String label, Qwen25VlModel model, boolean chain, int maxTokens, SceneDataset scenes,
      List<String> trackNames) throws IOException {
    Path dir = out.resolve("eval").resolve(label);
    Path valFile = scenes.annotationFile(SceneDatasetGenerator.VAL);
    McqDataset ds = Aokvqa.toMcqDataset(Aokvqa.load(valFile), valFile, scenes.root());
    List<DegradationTrack> tracks = DegradationTrack.parseList(String.join(",", trackNames), cfg.seed());
    McqEvalRunner.builder()
        .setModel(model)
        .optModelName(label)
        .setDataset(ds)
        .setOutputDir(dir)
        .optTracks(tracks)
        .optPromptStyle(promptStyle(chain))
        .optSampling(SamplingConfig.greedy(maxTokens))
        .optBatchSize(cfg.evalBatch())
        .build()
        .run();
    UnaryOperator<String> filter = chain ? McqScorer.chainAnswer() : UnaryOperator.identity();
    McqScorer scorer = new McqScorer(ChoiceExtractor.exactMatching(AnswerMatcher.of(MatchingRules.parse("current"))), filter);
    Map<String, Map<String, McqScorer.Result>> scored = CachedScoring.scoreAndWrite(ds, dir, scorer, trackNames);
    Map<String, Map<String, String>> predictions = CachedScoring.readKeyed(dir);
    Map<String, Map<DegradationType, Double>> applied = readManifest(dir.resolve("degradation_manifest.jsonl"));
    QwenTokenizer tok = model.processor().orElseThrow().tokenizer();
    Map<String, QuestionKind> kinds = heldOutKinds();

    Map<String, Double> intensity = new LinkedHashMap<>();
    tracks.forEach(t -> intensity.put(t.name(), t.intensity()));
    List<ModelEval.Item> items = new ArrayList<>();
    Map<String, ModelEval.TrackAccuracy> acc = new LinkedHashMap<>();
    for (String track : trackNames) {
      Map<String, McqScorer.Result> bySubset = scored.getOrDefault(track, Map.of());
      int n = 0;
      int hits = 0;
      for (McqScorer.Result r : bySubset.values()) {
        for (McqScorer.ScoredItem s : r.items()) {
          n++;
          hits += s.hit();
          String key = track + "|" + s.item().key();
          String pred = predictions.getOrDefault(track, Map.of()).getOrDefault(key, s.prediction());
          Map<DegradationType, Double> a = applied.getOrDefault(key, Map.of());
          String said = filter.apply(pred).strip();
          boolean inChoices = s.item().options().values().stream().anyMatch(o -> o.strip().equalsIgnoreCase(said));
          QuestionKind kind = kinds.get(s.item().index());
          checkState(kind != null, "held-out question %s is not one of the generator's", s.item().index());
          items.add(new ModelEval.Item(track, intensity.get(track), s.item().index(), s.item().question(), kind,
              s.item().options().get(s.item().answer()), pred, s.hit() == 1, inChoices, a, tok.encode(pred).length));
        }
      }
      acc.put(track, new ModelEval.TrackAccuracy(track, intensity.get(track), n, n == 0 ? Double.NaN : (double) hits / n));
    }
    ModelEval e = ModelEval.of(label, chain, acc, items);
    log.printf(Locale.ROOT, "eval %-9s %s%n", label, e.accuracyLine());
    return e;
  }

  /**
   * The chains {@code policy} writes (greedy) for the held-out rows of {@code data}, each with the
   * degradations applied to its image (the TYPE of the row's own chain).
   */
  List<PerceptionItem> perceive(QwenPolicy policy, TrainDataset data, int maxTokens) {
    RowPrompts prompts = new RowPrompts(PromptStyle.RAW);
    QwenTokenizer tok = policy.model().processor().orElseThrow().tokenizer();
    List<PerceptionItem> out = new ArrayList<>();
    for (int from = 0; from < data.size(); from += cfg.evalBatch()) {
      List<TrainExample> rows = data.rows().subList(from, Math.min(data.size(), from + cfg.evalBatch()));
      List<VlmPrompt> batch = rows.stream().map(prompts::prompt).toList();
      List<Generation> gens = policy.model().generate(batch, SamplingConfig.greedy(maxTokens));
      for (int i = 0; i < rows.size(); i++) {
        TrainExample row = rows.get(i);
        Map<DegradationType, Double> applied = new LinkedHashMap<>();
        for (TypedStrength t : ChainFormat.DEFAULT.parse(row.answer()).types()) {
          t.type().ifPresent(d -> applied.put(d, t.strength()));
        }
        ParsedChain pc = ChainFormat.DEFAULT.parse(gens.get(i).text());
        out.add(new PerceptionItem("line " + row.line(), applied, pc.types(), pc.isWellFormed(), tok.encode(gens.get(i).text()).length));
      }
    }
    log.printf(Locale.ROOT, "perception: %d held-out chains%n", out.size());
    return out;
  }

  /** Key to applied degradation (type to intensity) of the first image of each item. */
  private static Map<String, Map<DegradationType, Double>> readManifest(Path file) throws IOException {
    Map<String, Map<DegradationType, Double>> out = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return out;
    }
    int n = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode j;
      try {
        j = JSON.readTree(line);
      } catch (IOException e) {
        throw new IOException(file + " line " + n + ": " + e.getMessage(), e);
      }
      if (j.path("image").asInt() != 0) {
        continue;
      }
      Map<DegradationType, Double> m = new LinkedHashMap<>();
      for (JsonNode st : j.path("steps")) {
        DegradationType.lookup(st.path("method").asText()).ifPresent(d -> m.put(d, st.path("intensity").asDouble()));
      }
      out.putIfAbsent(j.path("key").asText(), m);
    }
    return out;
  }

  // ---------------------------------------------------------------------------------- helpers

  /** A stage body. */
  @FunctionalInterface
  interface Stage<T> {
    T run() throws IOException;
  }

  private <T> T timed(String name, Stage<T> stage) throws IOException {
    long t = System.nanoTime();
    log.printf(Locale.ROOT, "[%s] ...%n", name);
    T v = stage.run();
    double s = (System.nanoTime() - t) / 1e9;
    stageSeconds.merge(name, s, Double::sum);
    log.printf(Locale.ROOT, "[%s] %.1f s%n", name, s);
    return v;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(q);
      }
    }
  }

  /** The first predicted type of a chain, if it names a known degradation. */
  static Optional<DegradationType> firstType(String prediction) {
    ParsedChain pc = ChainFormat.DEFAULT.parse(prediction);
    for (TypedStrength t : pc.types()) {
      return t.type();
    }
    return Optional.empty();
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
