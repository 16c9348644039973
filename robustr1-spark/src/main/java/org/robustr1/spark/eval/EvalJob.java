package org.robustr1.spark.eval;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.robustr1.eval.chain.ChainMetrics;
import org.robustr1.eval.client.OpenAiJudge;
import org.robustr1.eval.data.McqDataset;
import org.robustr1.eval.data.McqItem;
import org.robustr1.eval.matching.AnswerMatcher;
import org.robustr1.eval.matching.ChoiceExtractor;
import org.robustr1.eval.matching.JudgeModel;
import org.robustr1.eval.matching.MatchingRules;
import org.robustr1.eval.prompt.McqPromptStyle;
import org.robustr1.eval.report.EvalReport;
import org.robustr1.eval.run.CachedScoring;
import org.robustr1.eval.run.DegradationTrack;
import org.robustr1.eval.run.McqEvalRunner;
import org.robustr1.eval.run.PredictionCache;
import org.robustr1.eval.run.Shard;
import org.robustr1.eval.score.McqScorer;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;

/**
 * A multiple-choice benchmark under degradation tracks on a Spark cluster, with the predictions and
 * scores of {@code robustr1 eval}.
 *
 * <p>The items are split into shards ({@link Shard}: position mod n, as {@code eval --shard});
 * each task answers one shard with {@link McqEvalRunner} (the same image decoding, degradation
 * tracks, prompts, batching and prediction records as {@code robustr1 eval}) on its executor's
 * model ({@link ExecutorModels}). Every record is keyed by {@code key_hash}, the SHA-256 of its
 * cache key {@code track|dataset/index}. Rows reach the Parquet table ({@link #SCHEMA}) through
 * Spark's output commit, so the rows of a failed or killed task attempt never do; the driver also
 * keeps one prediction per {@code key_hash}. It then writes {@code predictions.jsonl} and {@code
 * degradation_manifest.jsonl} in {@code robustr1 eval}'s order into the output folder and scores
 * them with its code ({@link CachedScoring}, {@link McqScorer}, {@link EvalReport}).
 */
public final class EvalJob {

  /** The job's table: {@code kind} is {@code prediction} or {@code manifest}. */
  public static final StructType SCHEMA = new StructType()
      .add("kind", DataTypes.StringType, false)
      .add("key_hash", DataTypes.StringType, false)
      .add("key", DataTypes.StringType, false)
      .add("track", DataTypes.StringType, true)
      .add("dataset", DataTypes.StringType, true)
      .add("index", DataTypes.StringType, true)
      .add("prediction", DataTypes.StringType, true)
      .add("model", DataTypes.StringType, true)
      .add("record", DataTypes.StringType, false);

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What a run did.
   *
   * @param predictions predictions written (one per item and track)
   * @param duplicatesDropped prediction rows with a {@code key_hash} seen before (0 unless the
   *     output commit was bypassed)
   * @param scores track to subset to scored result
   * @param report the report written to the output folder
   */
  public record Result(int predictions, int duplicatesDropped, Map<String, Map<String, McqScorer.Result>> scores,
      EvalReport report) {}

  private final String bench;
  private final String data;
  private final ModelSpec model;
  private final Path outDir;
  private final String tracks;
  private final long seed;
  private final String prompt;
  private final Sampling sampling;
  private final int batchSize;
  private final String matching;
  private final String judge;
  private final String judgeModel;
  private final String judgeKeyEnv;
  private final int partitions;
  private final String parquet;
  private final String imageRoot;
  private final boolean overwrite;
  private final int failPartition;
  private final int failAfterCalls;

  private EvalJob(Builder b) {
    this.bench = b.bench;
    this.data = b.data;
    this.model = b.model;
    this.outDir = b.outDir;
    this.tracks = b.tracks;
    this.seed = b.seed;
    this.prompt = b.prompt;
    this.sampling = Sampling.of(b.sampling);
    this.batchSize = b.batchSize;
    this.matching = b.matching;
    this.judge = b.judge;
    this.judgeModel = b.judgeModel;
    this.judgeKeyEnv = b.judgeKeyEnv;
    this.partitions = b.partitions;
    this.parquet = b.parquet;
    this.imageRoot = b.imageRoot;
    this.overwrite = b.overwrite;
    this.failPartition = b.failPartition;
    this.failAfterCalls = b.failAfterCalls;
  }

  /** A builder: bench, data, model and output folder are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The deterministic key of a prediction: the SHA-256 (hex) of its cache key. */
  public static String keyHash(String key) {
    return Hashing.sha256().hashString(key, StandardCharsets.UTF_8).toString();
  }

  /** Runs the job on {@code spark}. */
  public Result run(SparkSession spark) throws IOException {
    McqDataset ds = EvalData.load(bench, Path.of(data));
    List<DegradationTrack> trackList = DegradationTrack.parseList(tracks, seed);
    McqPromptStyle style = promptStyle(prompt);
    Files.createDirectories(outDir);
    prepareOutputDir();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int items = ds.items().size();
    int n = partitions > 0 ? Math.min(partitions, items) : Math.max(1, Math.min(items, 2 * jsc.defaultParallelism()));
    int batch = model.isEndpointPool() ? Math.max(batchSize, model.concurrency()) : batchSize;
    AnswerShard task = new AnswerShard(bench, data, imageRoot, tracks, seed, prompt, sampling, batch, model, n,
        failPartition, failAfterCalls);
    JavaRDD<Row> rows = jsc.parallelize(IntStream.range(0, n).boxed().toList(), n).flatMap(task);
    String table = parquet != null ? parquet : outDir.resolve("predictions.parquet").toUri().toString();
    spark.createDataFrame(rows, SCHEMA).write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(table);

    Map<String, String> predictions = new HashMap<>();
    Map<String, List<String>> manifest = new HashMap<>();
    int duplicates = 0;
    for (Row r : spark.read().parquet(table).select("kind", "key_hash", "key", "record").collectAsList()) {
      if (r.getString(0).equals("prediction")) {
        if (predictions.putIfAbsent(r.getString(1), r.getString(3)) != null) {
          duplicates++;
        }
      } else {
        manifest.computeIfAbsent(r.getString(2), k -> new ArrayList<>()).add(r.getString(3));
      }
    }
    int written = writeInEvalOrder(ds, trackList, predictions, manifest);
    return score(ds, trackList, written, duplicates);
  }

  /** Refuses an output folder that holds predictions, unless overwriting (then deletes them). */
  private void prepareOutputDir() throws IOException {
    List<Path> old;
    try (Stream<Path> s = Files.list(outDir)) {
      old = s.filter(p -> {
        String f = p.getFileName().toString();
        return (f.startsWith("predictions") && f.endsWith(".jsonl")) || f.equals("degradation_manifest.jsonl");
      }).toList();
    }
    if (!old.isEmpty() && !overwrite) {
      throw new IllegalArgumentException(outDir + " already holds predictions (" + old.get(0).getFileName()
          + "); use a new output folder or --overwrite");
    }
    for (Path p : old) {
      Files.delete(p);
    }
  }

  /** predictions.jsonl and degradation_manifest.jsonl, track by track in item order, as eval writes them. */
  private int writeInEvalOrder(McqDataset ds, List<DegradationTrack> trackList, Map<String, String> predictions,
      Map<String, List<String>> manifest) throws IOException {
    int written = 0;
    StringBuilder man = new StringBuilder();
    try (PredictionCache cache = PredictionCache.open(McqEvalRunner.cacheFile(outDir, Shard.all()))) {
      for (DegradationTrack t : trackList) {
        for (McqItem item : ds.items()) {
          String key = McqEvalRunner.key(t, item);
          List<String> lines = manifest.getOrDefault(key, List.of());
          TreeMap<Integer, String> byImage = new TreeMap<>();
          for (String l : lines) {
            byImage.put(JSON.readTree(l).path("image").asInt(), l);
          }
          byImage.values().forEach(l -> man.append(l).append('\n'));
          String rec = predictions.get(keyHash(key));
          if (rec != null) {
            cache.append((ObjectNode) JSON.readTree(rec));
            written++;
          }
        }
      }
    }
    Files.writeString(outDir.resolve("degradation_manifest.jsonl"), man, StandardCharsets.UTF_8);
    return written;
  }

  /** Scores and reports exactly as {@code robustr1 eval} does after its runner. */
  private Result score(McqDataset ds, List<DegradationTrack> trackList, int written, int duplicates)
      throws IOException {
    AnswerMatcher matcher = AnswerMatcher.of(MatchingRules.parse(matching));
    JudgeModel j = OpenAiJudge.fromSpec(judge, judgeModel, System.getenv(judgeKeyEnv));
    boolean chains = !prompt.equalsIgnoreCase("vlmevalkit");
    McqScorer scorer = new McqScorer(
        j == null ? ChoiceExtractor.exactMatching(matcher) : ChoiceExtractor.withJudge(matcher, j, seed),
        chains ? McqScorer.chainAnswer() : java.util.function.UnaryOperator.identity());
    Map<String, Double> intensities = new LinkedHashMap<>();
    trackList.forEach(t -> intensities.put(t.name(), t.intensity()));
    Map<String, Map<String, McqScorer.Result>> res =
        CachedScoring.scoreAndWrite(ds, outDir, scorer, new ArrayList<>(intensities.keySet()));
    String modelName = modelName();
    EvalReport report = EvalReport.of(modelName, ds.name(), res, intensities, seed);
    report.writeAll(outDir);
    if (chains) {
      JSON.writerWithDefaultPrettyPrinter().writeValue(outDir.resolve("chain_metrics.json").toFile(),
          ChainMetrics.ofRun(outDir).toJsonMap());
    }
    return new Result(written, duplicates, res, report);
  }

  /** The model name the predictions recorded (as {@code robustr1 eval} titles its report). */
  private String modelName() throws IOException {
    try (PredictionCache c = PredictionCache.open(McqEvalRunner.cacheFile(outDir, Shard.all()))) {
      return c.entries().values().stream().map(r -> r.path("model").asText()).findFirst()
          .orElse(model.isEndpointPool() ? model.servedModel() : Path.of(model.checkpoint()).getFileName().toString());
    }
  }

  static McqPromptStyle promptStyle(String prompt) {
    return switch (prompt.toLowerCase(Locale.ROOT)) {
      case "vlmevalkit" -> McqPromptStyle.vlmEvalKit();
      case "robust-r1", "robustr1" -> McqPromptStyle.vlmEvalKit().withRobustR1Instruction();
      default -> throw new IllegalArgumentException("unknown prompt style '" + prompt + "'; expected vlmevalkit or robust-r1");
    };
  }

  /** {@link SamplingConfig}'s values, serializable for the task closure. */
  record Sampling(int maxNewTokens, double temperature, int topK, double topP, double repetitionPenalty, long seed)
      implements Serializable {
    static Sampling of(SamplingConfig c) {
      return new Sampling(c.maxNewTokens(), c.temperature(), c.topK(), c.topP(), c.repetitionPenalty(), c.seed());
    }

    SamplingConfig config() {
      return new SamplingConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed);
    }
  }

  /** One task: shard {@code p} of {@code n} through {@link McqEvalRunner} in a scratch folder. */
  private static final class AnswerShard implements FlatMapFunction<Integer, Row> {
    private static final long serialVersionUID = 1L;
    private final String bench;
    private final String data;
    private final String imageRoot;
    private final String tracks;
    private final long seed;
    private final String prompt;
    private final Sampling sampling;
    private final int batch;
    private final ModelSpec model;
    private final int n;
    private final int failPartition;
    private final int failAfterCalls;

    AnswerShard(String bench, String data, String imageRoot, String tracks, long seed, String prompt, Sampling sampling,
        int batch, ModelSpec model, int n, int failPartition, int failAfterCalls) {
      this.bench = bench;
      this.data = data;
      this.imageRoot = imageRoot;
      this.tracks = tracks;
      this.seed = seed;
      this.prompt = prompt;
      this.sampling = sampling;
      this.batch = batch;
      this.model = model;
      this.n = n;
      this.failPartition = failPartition;
      this.failAfterCalls = failAfterCalls;
    }

    @Override
    public Iterator<Row> call(Integer p) throws IOException {
      McqDataset ds = EvalData.onExecutor(bench, data);
      VisionLanguageModel m = new TaskModel(ExecutorModels.get(model), p == failPartition ? failAfterCalls : -1);
      Path scratch = Files.createTempDirectory("robustr1-spark-eval-");
      try {
        McqEvalRunner.Summary s = McqEvalRunner.builder().setModel(m).setDataset(ds).setOutputDir(scratch)
            .optTracks(DegradationTrack.parseList(tracks, seed)).optPromptStyle(promptStyle(prompt))
            .optSampling(sampling.config()).optShard(new Shard(p, n)).optBatchSize(batch)
            .optImageRoot(imageRoot == null ? null : Path.of(imageRoot)).build().run();
        List<Row> out = new ArrayList<>();
        try (PredictionCache c = PredictionCache.open(s.cacheFile())) {
          for (ObjectNode r : c.entries().values()) {
            String key = r.get("key").asText();
            out.add(RowFactory.create("prediction", keyHash(key), key, r.path("track").asText(), r.path("dataset").asText(),
                r.path("index").asText(), r.path("prediction").asText(), r.path("model").asText(),
                JSON.writeValueAsString(r)));
          }
        }
        Path man = scratch.resolve("degradation_manifest.jsonl");
        if (Files.exists(man)) {
          for (String line : Files.readAllLines(man, StandardCharsets.UTF_8)) {
            com.fasterxml.jackson.databind.JsonNode r = JSON.readTree(line);
            String key = r.get("key").asText();
            out.add(RowFactory.create("manifest", keyHash(key) + "#" + r.path("image").asInt(), key,
                r.path("track").asText(), null, null, null, null, line));
          }
        }
        return out.iterator();
      } finally {
        MoreFiles.deleteRecursively(scratch, RecursiveDeleteOption.ALLOW_INSECURE);
      }
    }
  }

  /**
   * A task's view of the executor's shared model: never closes it, and (test hook) fails the
   * first attempt of one partition after a number of generate calls, as a killed task would.
   */
  private static final class TaskModel implements VisionLanguageModel {
    private final VisionLanguageModel model;
    private final int failAfterCalls;
    private int calls;

    TaskModel(VisionLanguageModel model, int failAfterCalls) {
      this.model = model;
      this.failAfterCalls = failAfterCalls;
    }

    @Override
    public List<Generation> generate(List<VlmPrompt> prompts, SamplingConfig sampling) {
      TaskContext ctx = TaskContext.get();
      if (failAfterCalls >= 0 && calls++ >= failAfterCalls && ctx != null && ctx.attemptNumber() == 0) {
        throw new IllegalStateException("injected failure: attempt 0 of partition " + ctx.partitionId()
            + " stops after " + failAfterCalls + " generate calls");
      }
      return model.generate(prompts, sampling);
    }

    @Override
    public String name() {
      return model.name();
    }
  }

  /** Builder of {@link EvalJob}. */
  public static final class Builder {
    private String bench;
    private String data;
    private ModelSpec model;
    private Path outDir;
    private String tracks = "clean";
    private long seed;
    private String prompt = "vlmevalkit";
    private SamplingConfig sampling = SamplingConfig.greedy(1024);
    private int batchSize = 1;
    private String matching = "current";
    private String judge = "exact";
    private String judgeModel = "gpt-4o-mini";
    private String judgeKeyEnv = "OPENAI_API_KEY";
    private int partitions;
    private String parquet;
    private String imageRoot;
    private boolean overwrite;
    private int failPartition = -1;
    private int failAfterCalls = -1;

    private Builder() {}

    /** {@code mmstar}, {@code mmmb}, {@code realworldqa} or {@code rbench} (required). */
    public Builder setBench(String bench) {
      this.bench = requireNonNull(bench, "bench");
      return this;
    }

    /** The benchmark TSV (a folder of {@code mmmb_xx.tsv} for MMMB), readable by the driver (required). */
    public Builder setData(String data) {
      this.data = requireNonNull(data, "data");
      return this;
    }

    /** The model the executors answer with (required). */
    public Builder setModel(ModelSpec model) {
      this.model = requireNonNull(model, "model");
      return this;
    }

    /** The driver-side folder of predictions.jsonl, scores and report (required). */
    public Builder setOutputDir(Path dir) {
      this.outDir = requireNonNull(dir, "dir");
      return this;
    }

    /** Tracks as {@code eval --degrade}: {@code clean,25,50,100} or intensities (default clean). */
    public Builder optTracks(String spec) {
      DegradationTrack.parseList(spec, 0);
      this.tracks = spec;
      return this;
    }

    /** The seed of degradations, sampling, judge fallback and bootstrap (default 0). */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** {@code vlmevalkit} (default) or {@code robust-r1}. */
    public Builder optPrompt(String prompt) {
      promptStyle(prompt);
      this.prompt = prompt;
      return this;
    }

    /** Decoding (default greedy, 1024 new tokens). */
    public Builder optSampling(SamplingConfig sampling) {
      this.sampling = requireNonNull(sampling, "sampling");
      return this;
    }

    /** Prompts per generate call of an in-process model (default 1, as eval's --batch-size). */
    public Builder optBatchSize(int n) {
      checkArgument(n >= 1, "batch size must be >= 1, got %s", n);
      this.batchSize = n;
      return this;
    }

    /** Matching rules: legacy, v2025 or current (default). */
    public Builder optMatching(String matching) {
      MatchingRules.parse(matching);
      this.matching = matching;
      return this;
    }

    /** {@code exact} (default) or an OpenAI-compatible judge URL, with its model and key variable. */
    public Builder optJudge(String judge, String judgeModel, String judgeKeyEnv) {
      this.judge = requireNonNull(judge, "judge");
      this.judgeModel = requireNonNull(judgeModel, "judgeModel");
      this.judgeKeyEnv = requireNonNull(judgeKeyEnv, "judgeKeyEnv");
      return this;
    }

    /** Shards, one task each (default: twice Spark's default parallelism, at most one per item). */
    public Builder optPartitions(int partitions) {
      checkArgument(partitions >= 1, "partitions must be >= 1, got %s", partitions);
      this.partitions = partitions;
      return this;
    }

    /** Where the executors write the Parquet table (default: predictions.parquet in the output folder). */
    public Builder optParquet(String path) {
      this.parquet = requireNonNull(path, "path");
      return this;
    }

    /** Folder that {@code image_path} values are relative to (default: the TSV's folder). */
    public Builder optImageRoot(String root) {
      this.imageRoot = root;
      return this;
    }

    /** Replaces earlier predictions in the output folder and the Parquet table (default: refuse). */
    public Builder optOverwrite(boolean overwrite) {
      this.overwrite = overwrite;
      return this;
    }

    /** Test hook: the first attempt of {@code partition} fails after {@code calls} generate calls. */
    Builder optFailFirstAttempt(int partition, int calls) {
      this.failPartition = partition;
      this.failAfterCalls = calls;
      return this;
    }

    /** Builds the job. */
    public EvalJob build() {
      checkState(bench != null, "bench not set (setBench)");
      checkState(data != null, "data not set (setData)");
      checkState(model != null, "model not set (setModel)");
      checkState(outDir != null, "output folder not set (setOutputDir)");
      return new EvalJob(this);
    }
  }
}
