package org.robustr1.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.robustr1.core.io.AokvqaRecord;
import org.robustr1.core.io.RunFingerprint;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.eval.aokvqa.Aokvqa;
import org.robustr1.eval.client.OpenAiJudge;
import org.robustr1.eval.client.OpenAiVisionModel;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.data.McqDataset;
import org.robustr1.eval.matching.AnswerMatcher;
import org.robustr1.eval.matching.ChoiceExtractor;
import org.robustr1.eval.matching.JudgeModel;
import org.robustr1.eval.matching.MatchingRules;
import org.robustr1.eval.prompt.McqPromptStyle;
import org.robustr1.eval.report.EvalReport;
import org.robustr1.eval.run.CachedScoring;
import org.robustr1.eval.run.DegradationTrack;
import org.robustr1.eval.run.McqEvalRunner;
import org.robustr1.eval.run.Shard;
import org.robustr1.eval.score.McqScorer;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.qwen.Qwen25VlModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code robustr1 eval}: runs a model (an OpenAI-compatible endpoint, or a local Qwen2.5-VL
 * checkpoint loaded in-process) over a benchmark under degradation tracks, caches predictions (resumable, shardable), scores them as VLMEvalKit does
 * and writes the report (CSV, JSON, Markdown, PNG).
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a model on MMStar, MMMB, RealWorldQA, R-Bench (VLMEvalKit MCQ TSV) or A-OKVQA",
      "under clean and degraded tracks; rerun the same command to resume."
    })
public final class EvalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--bench", required = true, description = {"mmstar, mmmb, realworldqa, rbench, aokvqa, or rbench-full",
      "(R-Bench MCQ/VQA/CAP on reference and distorted images from All.parquet, LLM-judged as the notebook)"})
  String bench;

  @Option(names = "--data", required = true, description = {
      "benchmark file: a VLMEvalKit TSV; for mmmb a folder with mmmb_{ar,cn,en,pt,ru,tr}.tsv or one",
      "mmmb_xx.tsv; for aokvqa aokvqa_v1p0_{split}.json (with --coco-dir)"})
  Path data;

  /** The model under test: {@code --endpoint} or {@code --model}, exactly one (checked before anything runs). */
  static final class ModelChoice {
    @Option(names = "--endpoint", description = "OpenAI-compatible base URL (vLLM, SGLang, Ollama); or --model")
    String endpoint;

    @Option(names = "--model", description = {
        "local Qwen2.5-VL checkpoint directory (config.json, safetensors, tokenizer.json),",
        "run in-process on DJL (FP32); or --endpoint"})
    Path model;
  }

  @Mixin ModelChoice modelChoice;

  @Option(names = "--weights", description = "with --model: weights file inside it (default: model.safetensors or the shard index)")
  String weights;

  @Option(names = "--served-model", defaultValue = "default", description = "model name at the endpoint")
  String servedModel;

  @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY", description = "env var with the endpoint's key")
  String apiKeyEnv;

  @Option(names = "--degrade", defaultValue = "clean", description = "tracks: clean,25,50,100 (0.23/0.45/0.9) or intensities")
  String degrade;

  @Option(names = "--out", required = true, description = "output folder (cache, manifest, scores, report)")
  Path out;

  @Option(names = "--shard", defaultValue = "0/1", description = "i/n: run only shard i (0-based) of n")
  String shard;

  @Option(names = "--policy", defaultValue = "fail", description = "bad rows / undecodable images: fail or skip")
  String policy;

  @Option(names = "--prompt", defaultValue = "vlmevalkit", description = "vlmevalkit (default) or robust-r1 (chain instruction)")
  String prompt;

  @Option(names = "--matching", defaultValue = "current", description = "legacy, v2025, current")
  String matching;

  @Option(names = "--judge", defaultValue = "exact", description = "exact or an OpenAI-compatible judge URL")
  String judge;

  @Option(names = "--judge-model", defaultValue = "gpt-4o-mini")
  String judgeModel;

  @Option(names = "--judge-key-env", defaultValue = "JUDGE_API_KEY", description = {
      "env var holding the judge's API key (default ${DEFAULT-VALUE}; the model's key from",
      "--api-key-env is never sent to the judge unless named here)"})
  String judgeKeyEnv;

  /** Reads environment variables (tests substitute it). */
  UnaryOperator<String> env = System::getenv;

  @picocli.CommandLine.Mixin
  RbenchFullEval.Options rbenchFull = new RbenchFullEval.Options();

  @Option(names = "--max-new-tokens", defaultValue = "1024", description = "most tokens per answer (default ${DEFAULT-VALUE})")
  int maxNewTokens;

  @Mixin DecodingOptions decoding;

  @Mixin RecipeOptions recipe;

  @Option(names = "--repetition-penalty", defaultValue = "1.0", description = "HF repetition penalty, 1 = off (default ${DEFAULT-VALUE})")
  double repetitionPenalty;

  @Option(names = "--seed", defaultValue = "0", description = "seed of degradations, sampling, judge fallback, bootstrap")
  long seed;

  @Option(names = "--batch-size", defaultValue = "1", description = "prompts per generate call (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--limit", paramLabel = "N", description = "evaluate only the first N items of the benchmark (a smoke run)")
  Integer limit;

  @Option(names = "--concurrency", defaultValue = "1", paramLabel = "N", description = {
      "with --endpoint: requests in flight at once, like VLMEvalKit's --api-nproc (default ${DEFAULT-VALUE});",
      "a retry waits at least as long as the server's Retry-After asks"})
  int concurrency;

  @Option(names = "--no-progress", description = "no progress bar (there is none either when standard error is not a terminal)")
  boolean noProgress;

  @Option(names = "--coco-dir", description = "COCO root for A-OKVQA images ({split}2017/...)")
  Path cocoDir;

  @Option(names = "--image-root", description = "folder image_path values are relative to")
  Path imageRoot;

  @Mixin ModelOptions modelOptions;

  @Option(names = "--overwrite", description = {
      "delete the earlier predictions in --out first; without it, an --out made with another",
      "model, data, prompt, decoding or degradation setting is refused"})
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    preflight();
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("data", data);
    inputs.put("model", modelChoice.model != null ? modelChoice.model : modelChoice.endpoint);
    inputs.put("coco_dir", cocoDir);
    inputs.put("image_root", imageRoot);
    RunRecords records = RunRecords.start(spec, seed, inputs);
    if (bench.equalsIgnoreCase("rbench-full")) {
      int rc = new RbenchFullEval(this).call();
      records.finish(out);
      return rc;
    }
    PrintWriter o = spec.commandLine().getOut();
    BadInputPolicy pol = BadInputPolicy.parse(policy);
    McqDataset.Options opts = McqDataset.Options.benchmark().withPolicy(pol);
    String b = bench.toLowerCase(Locale.ROOT);
    McqDataset ds;
    List<AokvqaRecord> aokvqa = null;
    switch (b) {
      case "mmstar" -> ds = McqDataset.load(data, "MMStar", opts);
      case "realworldqa" -> ds = McqDataset.load(data, "RealWorldQA", opts);
      case "rbench" -> ds = McqDataset.load(data, data.getFileName().toString().toLowerCase(Locale.ROOT).contains("ref")
          ? "R-Bench-Ref" : "R-Bench-Dis", opts);
      case "mmmb" -> ds = loadMmmb(opts);
      case "aokvqa" -> {
        if (cocoDir == null) {
          throw new IllegalArgumentException("--bench aokvqa needs --coco-dir");
        }
        aokvqa = Aokvqa.load(data);
        if (limit != null && limit < aokvqa.size()) {
          aokvqa = aokvqa.subList(0, limit);
        }
        ds = Aokvqa.toMcqDataset(aokvqa, data, cocoDir);
      }
      default -> throw new IllegalArgumentException(
          "unknown --bench '" + bench + "'; expected mmstar, mmmb, realworldqa, rbench, aokvqa");
    }
    if (limit != null) {
      ds = ds.head(limit);
    }
    List<DegradationTrack> tracks = DegradationTrack.parseList(degrade, seed);
    McqPromptStyle style = switch (prompt.toLowerCase(Locale.ROOT)) {
      case "vlmevalkit" -> McqPromptStyle.vlmEvalKit();
      case "robust-r1", "robustr1" -> McqPromptStyle.vlmEvalKit().withRobustR1Instruction();
      default -> throw new IllegalArgumentException("unknown --prompt '" + prompt + "'; expected vlmevalkit or robust-r1");
    };
    SamplingConfig sampling = samplingConfig();
    Shard sh = Shard.parse(shard);
    McqEvalRunner.Summary sum;
    double askSeconds;
    String modelName;
    try (VisionLanguageModel model = openModel()) {
      modelName = model.name();
      long t0 = System.nanoTime();
      sum = McqEvalRunner.builder().setModel(model).setDataset(ds).setOutputDir(out).optTracks(tracks)
          .optPromptStyle(style).optSampling(sampling).optShard(sh).optPolicy(pol).optImageRoot(imageRoot)
          .optBatchSize(batchSize)
          .optOverwrite(overwrite)
          .optFingerprint(fingerprint(b))
          .optProgress(EvalProgressBar.create(!noProgress))
          .build().run();
      askSeconds = (System.nanoTime() - t0) / 1e9;
    }
    o.println("asked " + sum.asked() + ", cached " + sum.cached() + ", skipped " + sum.skipped().size()
        + " -> " + sum.cacheFile() + String.format(Locale.ROOT, " (%.1f s)", askSeconds));
    sum.skipped().forEach(s -> o.println("  skipped: " + s.reason()));
    if (!sum.skipped().isEmpty()) {
      List<String> lines = new ArrayList<>();
      sum.skipped().forEach(s -> lines.add(s.file() + "\t" + s.row() + "\t" + s.index() + "\t" + s.reason()));
      Files.write(out.resolve("skipped.tsv"), lines);
    }
    AnswerMatcher matcher = AnswerMatcher.of(MatchingRules.parse(matching));
    JudgeModel j = OpenAiJudge.fromSpec(judge, judgeModel, env.apply(judgeKeyEnv));
    boolean chains = !prompt.equalsIgnoreCase("vlmevalkit");
    McqScorer scorer = new McqScorer(
        j == null ? ChoiceExtractor.exactMatching(matcher) : ChoiceExtractor.withJudge(matcher, j, seed),
        chains ? McqScorer.chainAnswer() : java.util.function.UnaryOperator.identity());
    List<String> order = new ArrayList<>();
    Map<String, Double> intensities = new LinkedHashMap<>();
    tracks.forEach(t -> {
      order.add(t.name());
      intensities.put(t.name(), t.intensity());
    });
    Map<String, Map<String, McqScorer.Result>> res = CachedScoring.scoreAndWrite(ds, out, scorer, order);
    res.forEach((track, bySubset) -> bySubset.values().stream().filter(r -> !r.missing().isEmpty())
        .forEach(r -> o.println("WARNING: track " + track + ": " + r.missingNote())));
    EvalReport report = EvalReport.of(modelName, ds.name(), res, intensities, seed);
    report.writeAll(out);
    if (aokvqa != null) {
      writeAokvqaOfficial(aokvqa, res, out);
    }
    if (chains) {
      new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(
          out.resolve("chain_metrics.json").toFile(), org.robustr1.eval.chain.ChainMetrics.ofRun(out).toJsonMap());
    }
    records.finish(out);
    o.print(report.toMarkdown());
    o.flush();
    return 0;
  }

  /** Checks the options before any data or model is read; creates {@code --out}. */
  private void preflight() {
    if ((modelChoice.endpoint == null) == (modelChoice.model == null)) {
      throw new UserError(modelChoice.endpoint == null
          ? "give the model under test: --endpoint URL or --model DIR"
          : "--endpoint and --model are mutually exclusive; give one");
    }
    if (bench.equalsIgnoreCase("rbench-full") && (limit != null || concurrency > 1)) {
      throw new UserError("--limit and --concurrency apply to the MCQ benchmarks, not --bench rbench-full"
          + " (it has --judge-concurrency)");
    }
    Preflight.positive("--batch-size", batchSize);
    Preflight.positive("--concurrency", concurrency);
    Preflight.positive("--max-new-tokens", maxNewTokens);
    if (limit != null) {
      Preflight.positive("--limit", limit);
    }
    if (concurrency > 1 && modelChoice.endpoint == null) {
      throw new UserError("--concurrency needs --endpoint; an in-process --model batches with --batch-size");
    }
    if (!Files.exists(data)) {
      throw new UserError("--data " + data + ": no such file or folder");
    }
    Preflight.outputFolder("--out", out);
  }

  private RunFingerprint fingerprint(String b) {
    RunFingerprint.Builder f = RunFingerprint.builder().add("bench", b).add("prompt", prompt.toLowerCase(Locale.ROOT));
    if (limit != null) {
      f.add("limit", limit);
    }
    return f.build();
  }

  SamplingConfig samplingConfig() {
    return decoding.toConfig(spec, maxNewTokens, repetitionPenalty, seed);
  }

  VisionLanguageModel openModel() throws java.io.IOException {
    if (modelChoice.endpoint != null) {
      if (weights != null) {
        throw new ParameterException(spec.commandLine(), "--weights needs --model, not --endpoint");
      }
      return new OpenAiVisionModel(ChatCompletionsClient.builder()
          .setEndpoint(modelChoice.endpoint).setModel(servedModel).optApiKey(env.apply(apiKeyEnv)).build())
          .withConcurrency(concurrency);
    }
    Path dir = modelChoice.model;
    if (!Files.isDirectory(dir)) {
      throw new ParameterException(spec.commandLine(), "--model " + dir + " is not a directory");
    }
    Qwen25VlModel m = modelOptions.load(dir, weights);
    if (m.processor().isEmpty()) {
      m.close();
      throw new ParameterException(spec.commandLine(),
          "--model " + dir + " has no tokenizer.json; the in-process model needs the checkpoint's tokenizer");
    }
    return m;
  }

  private McqDataset loadMmmb(McqDataset.Options opts) {
    if (Files.isDirectory(data)) {
      Map<String, Path> files = new LinkedHashMap<>();
      for (String lang : McqDataset.MMMB_LANGUAGES) {
        files.put(lang, data.resolve("mmmb_" + lang + ".tsv"));
      }
      return McqDataset.mmmb(files, opts);
    }
    String n = data.getFileName().toString().toLowerCase(Locale.ROOT);
    for (String lang : McqDataset.MMMB_LANGUAGES) {
      if (n.contains("_" + lang + ".")) {
        return McqDataset.load(data, "MMMB_" + lang, opts);
      }
    }
    throw new IllegalArgumentException("--data for mmmb must be a folder or an mmmb_{ar,cn,en,pt,ru,tr}.tsv file: " + data);
  }

  private static void writeAokvqaOfficial(List<AokvqaRecord> qs, Map<String, Map<String, McqScorer.Result>> res, Path out)
      throws java.io.IOException {
    Map<String, AokvqaRecord> byId = new LinkedHashMap<>();
    qs.forEach(q -> byId.put(q.questionId(), q));
    Map<String, Object> summary = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, McqScorer.Result>> t : res.entrySet()) {
      Map<String, String> mc = new LinkedHashMap<>();
      for (McqScorer.Result r : t.getValue().values()) {
        for (McqScorer.ScoredItem s : r.items()) {
          AokvqaRecord q = byId.get(s.item().index());
          int i = s.option().charAt(0) - 'A';
          mc.put(q.questionId(), i >= 0 && i < q.choices().size() ? q.choices().get(i) : s.prediction());
        }
      }
      summary.put(t.getKey(), Map.of("MC", Aokvqa.evaluate(qs, mc, true, false)));
    }
    new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
        .writeValue(out.resolve("aokvqa_official.json").toFile(), summary);
  }
}
