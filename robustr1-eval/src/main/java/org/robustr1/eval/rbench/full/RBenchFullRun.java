package org.robustr1.eval.rbench.full;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.core.chain.PythonText;
import org.robustr1.core.io.AtomicFiles;
import org.robustr1.core.io.RunFingerprint;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.core.openai.ChatMessages;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.data.DelimitedTable;
import org.robustr1.eval.data.Skipped;
import org.robustr1.eval.rbench.RBenchFiles;
import org.robustr1.eval.rbench.RBenchItem;
import org.robustr1.eval.rbench.RBenchPrompts;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * R-Bench end to end, as the official notebook runs it: every item is asked on its reference and on
 * its distorted image ({@link RBenchGeneration}), the answers are written to {@code
 * exp/{model}_{ref,dis}.csv}, judged by the notebook's procedure ({@link RBenchJudging}) into {@code
 * result/Result_{dis,ref,com}_{model}.csv}, and those files are aggregated as {@code rbench-score}
 * does into {@code summary.{md,json,csv}} ({@link RBenchFullReport}).
 *
 * <p>Resumable: generations and judge replies are cached separately under the output folder
 * ({@code generations.jsonl}, {@code judge_cache.jsonl}), each beside a fingerprint of what made it
 * (data checksum, model, sampling, prompt; judge URL and model) that a rerun must match.
 */
public final class RBenchFullRun {

  private static final Logger LOG = LoggerFactory.getLogger(RBenchFullRun.class);

  /** Columns of {@code exp/{model}_{ref,dis}.csv} after the index. */
  public static final List<String> EXP_COLUMNS = List.of("name", "answer", "type", "distortion", "strength");

  /** Columns of {@code result/Result_*.csv} after the index (the answer key's, then {@code result}). */
  public static final List<String> RESULT_COLUMNS =
      List.of("name", "question", "choice", "answer", "type", "score", "distortion", "strength", "result");

  /**
   * What a run produced.
   *
   * @param report the summary
   * @param files name ({@code exp_ref}, {@code exp_dis}, {@code result_dis}, {@code result_ref},
   *     {@code result_com}, {@code summary}) to path
   * @param generated generations made in this run
   * @param generationsCached generations found in the cache
   * @param judgeCalls distinct judge calls the run needs (0 offline)
   * @param judgeAsked judge calls sent in this run
   * @param skipped items left out (bad rows, undecodable images)
   */
  public record Result(RBenchFullReport report, ImmutableMap<String, Path> files, int generated, int generationsCached,
      int judgeCalls, int judgeAsked, ImmutableList<Skipped> skipped) {}

  private final Builder b;

  private RBenchFullRun(Builder b) {
    this.b = b;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code model.name()} made safe for a file name. */
  public static String modelTag(String name) {
    String t = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return t.isEmpty() ? "model" : t;
  }

  /**
   * Claims {@code cache} for this setup ({@link RunFingerprint#claim}): the first run writes {@code
   * fingerprintFile}, a rerun with other fields is refused naming them. A cache that holds records
   * but has no fingerprint was made by an unknown run and is refused too. Null values are written
   * as {@code none}.
   */
  private static void claim(Map<String, String> fields, Path fingerprintFile, Path cache) throws IOException {
    if (!Files.exists(fingerprintFile) && Files.exists(cache) && Files.size(cache) > 0) {
      throw new IllegalStateException(cache + " has no " + fingerprintFile.getFileName()
          + ", so the run that made it is unknown; use another --out or delete " + cache);
    }
    RunFingerprint.Builder fp = RunFingerprint.builder();
    fields.forEach((k, v) -> fp.add(k, v == null ? "none" : v));
    fp.build().claim(fingerprintFile, "use another --out, or delete " + cache + " and "
        + fingerprintFile.getFileName() + " to start over");
  }

  /** Runs (or resumes) generation, judging, scoring and the report. */
  public Result run() throws IOException {
    Path out = b.outDir;
    Files.createDirectories(out);
    Path genCache = out.resolve(RBenchGeneration.CACHE);
    Map<String, String> fp = new LinkedHashMap<>(b.modelFingerprint);
    fp.put("benchmark", "rbench-full");
    fp.put("data.sha256", b.data.sha256());
    fp.put("model.name", b.model.name());
    fp.put("sampling", b.sampling.toString());
    fp.put("prompt", b.prompt.name());
    claim(fp, out.resolve("generations.fingerprint.json"), genCache);
    RBenchGeneration.Summary gen = RBenchGeneration.run(b.data, b.model, b.sampling, b.prompt, b.batchSize, b.policy, genCache);
    List<Skipped> skipped = new ArrayList<>(b.data.skipped());
    skipped.addAll(gen.skipped());
    Map<String, String> gens = RBenchGeneration.read(genCache);

    List<RBenchJudging.Answers> answers = new ArrayList<>();
    List<List<String>> expRef = new ArrayList<>();
    List<List<String>> expDis = new ArrayList<>();
    for (RBenchItem item : b.data.items()) {
      String r = gens.get(RBenchGeneration.key(RBenchGeneration.Side.REF, item));
      String d = gens.get(RBenchGeneration.key(RBenchGeneration.Side.DIS, item));
      if (r == null || d == null) {
        checkState(gen.skipped().stream().anyMatch(s -> s.row() == item.row()),
            "no generation for row %s (%s) although it was not skipped", item.row(), item.name());
        continue;
      }
      String ra = b.prompt.answer(r);
      String da = b.prompt.answer(d);
      expRef.add(expRow(item, ra));
      expDis.add(expRow(item, da));
      answers.add(new RBenchJudging.Answers(item, asPandasReadsIt(ra), asPandasReadsIt(da)));
    }
    String tag = modelTag(b.model.name());
    Map<String, Path> files = new LinkedHashMap<>();
    files.put("exp_ref", out.resolve("exp").resolve(tag + "_ref.csv"));
    files.put("exp_dis", out.resolve("exp").resolve(tag + "_dis.csv"));
    PandasCsv.write(files.get("exp_ref"), EXP_COLUMNS, expRef);
    PandasCsv.write(files.get("exp_dis"), EXP_COLUMNS, expDis);

    RBenchJudging.Outcome judged;
    if (b.judgeClient == null) {
      judged = RBenchJudging.offline(answers);
    } else {
      Path judgeCache = out.resolve(RBenchJudging.CACHE);
      Map<String, String> jfp = new LinkedHashMap<>();
      jfp.put("judge.url", b.judge.url());
      jfp.put("judge.model", b.judge.model());
      jfp.put("judge.system", RBenchPrompts.JUDGE_SYSTEM);
      jfp.put("judge.params", "none (the notebook's defaults)");
      claim(jfp, out.resolve("judge.fingerprint.json"), judgeCache);
      ChatCompletionsClient client = b.judgeClient;
      judged = RBenchJudging.official(answers, prompt -> client.chat(List.of(
          ChatMessages.text("system", RBenchPrompts.JUDGE_SYSTEM), ChatMessages.text("user", prompt)), Map.of()),
          b.judgeConcurrency, judgeCache);
    }
    Map<RBenchJudging.Comparison, List<RBenchFiles.Scored>> scored = new EnumMap<>(RBenchJudging.Comparison.class);
    for (RBenchJudging.Comparison c : RBenchJudging.Comparison.values()) {
      Path f = out.resolve("result").resolve("Result_" + c.label() + "_" + tag + ".csv");
      files.put("result_" + c.label(), f);
      writeResult(f, answers, judged.scores().get(c));
      scored.put(c, RBenchFiles.readScored(f));
    }
    RBenchFullReport report = RBenchFullReport.of(b.model.name(), b.judge, scored.get(RBenchJudging.Comparison.DIS),
        scored.get(RBenchJudging.Comparison.REF), scored.get(RBenchJudging.Comparison.COM), skipped.size(), b.seed);
    report.writeAll(out);
    files.put("summary", out.resolve("summary.md"));
    writeSkipped(out.resolve("skipped.tsv"), skipped);
    LOG.info("R-Bench: {} items scored, {} skipped; judge: {}", answers.size(), skipped.size(), b.judge.describe());
    return new Result(report, ImmutableMap.copyOf(files), gen.asked(), gen.cached(), judged.calls(), judged.asked(),
        ImmutableList.copyOf(skipped));
  }

  /** The text the notebook's judge sees after {@code to_csv} and {@code read_csv}: NaN cells print as {@code nan}. */
  static String asPandasReadsIt(String answer) {
    return DelimitedTable.isNa(answer) ? "nan" : answer;
  }

  private static List<String> expRow(RBenchItem item, String answer) {
    return List.of(item.name(), answer, item.task().name(), String.valueOf(item.distortion()), String.valueOf(item.strength()));
  }

  private void writeResult(Path file, List<RBenchJudging.Answers> answers, double[] scores) throws IOException {
    List<String> columns = new ArrayList<>(RESULT_COLUMNS);
    if (b.judgeClient == null) {
      columns.add("judge");
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      RBenchItem it = answers.get(i).item();
      List<String> row = new ArrayList<>(List.of(it.name(), it.question(), it.choice(), it.answer(), it.task().name(),
          b.data.score(it), String.valueOf(it.distortion()), String.valueOf(it.strength()), PythonText.floatRepr(scores[i])));
      if (b.judgeClient == null) {
        row.add(RBenchFullReport.NOT_OFFICIAL);
      }
      rows.add(row);
    }
    PandasCsv.write(file, columns, rows);
  }

  private static void writeSkipped(Path file, List<Skipped> skipped) throws IOException {
    if (skipped.isEmpty()) {
      Files.deleteIfExists(file);
      return;
    }
    StringBuilder sb = new StringBuilder("file\trow\tname\treason\n");
    for (Skipped s : skipped) {
      sb.append(s.file()).append('\t').append(s.row()).append('\t').append(s.index()).append('\t')
          .append(s.reason().replace('\t', ' ').replace('\n', ' ')).append('\n');
    }
    AtomicFiles.writeString(file, sb);
  }

  /** Builder: {@code setData}, {@code setModel}, {@code setOutputDir} and a judge are required. */
  public static final class Builder {
    private RBenchData data;
    private VisionLanguageModel model;
    private Path outDir;
    private Map<String, String> modelFingerprint = Map.of();
    private SamplingConfig sampling = SamplingConfig.greedy(1024);
    private RBenchPromptStyle prompt = RBenchPromptStyle.OFFICIAL;
    private int batchSize = 1;
    private BadInputPolicy policy = BadInputPolicy.FAIL;
    private ChatCompletionsClient judgeClient;
    private RBenchFullReport.Judge judge;
    private int judgeConcurrency = 8;
    private long seed;

    private Builder() {}

    /** The benchmark data. */
    public Builder setData(RBenchData d) {
      this.data = requireNonNull(d, "data");
      return this;
    }

    /** The model under test. */
    public Builder setModel(VisionLanguageModel m) {
      this.model = requireNonNull(m, "model");
      return this;
    }

    /** The output folder (caches, exp/, result/, summary). */
    public Builder setOutputDir(Path dir) {
      this.outDir = requireNonNull(dir, "outDir");
      return this;
    }

    /**
     * The official judge: the notebook's procedure on an OpenAI-compatible server.
     *
     * @param client the judge's client (its model is the judge model)
     * @param url the judge URL as shown in reports and the fingerprint (without credentials)
     */
    public Builder setJudge(ChatCompletionsClient client, String url) {
      this.judgeClient = requireNonNull(client, "client");
      this.judge = new RBenchFullReport.Judge(true, client.model(), requireNonNull(url, "url"));
      return this;
    }

    /** The offline normalised-match judge: not the official metric, and labelled so in every output. */
    public Builder setOfflineJudge() {
      this.judgeClient = null;
      this.judge = new RBenchFullReport.Judge(false, null, null);
      return this;
    }

    /** What identifies the model beyond its name (checkpoint folder, weights, endpoint), for the cache fingerprint. */
    public Builder optModelFingerprint(Map<String, String> fields) {
      this.modelFingerprint = Map.copyOf(fields);
      return this;
    }

    /** Decoding (default greedy, 1024 new tokens). */
    public Builder optSampling(SamplingConfig s) {
      this.sampling = requireNonNull(s, "sampling");
      return this;
    }

    /** The inference prompt (default the notebook's). */
    public Builder optPromptStyle(RBenchPromptStyle p) {
      this.prompt = requireNonNull(p, "prompt");
      return this;
    }

    /** Prompts per {@code generate} call (default 1). */
    public Builder optBatchSize(int n) {
      checkArgument(n >= 1, "batch size must be >= 1, got %s", n);
      this.batchSize = n;
      return this;
    }

    /** Undecodable images: fail (default) or skip the item. */
    public Builder optPolicy(BadInputPolicy p) {
      this.policy = requireNonNull(p, "policy");
      return this;
    }

    /** Judge calls in flight at once (default 8). */
    public Builder optJudgeConcurrency(int n) {
      checkArgument(n >= 1, "judge concurrency must be >= 1, got %s", n);
      this.judgeConcurrency = n;
      return this;
    }

    /** Bootstrap seed (default 0). */
    public Builder optSeed(long s) {
      this.seed = s;
      return this;
    }

    /** Builds the run. */
    public RBenchFullRun build() {
      checkState(data != null, "setData is required");
      checkState(model != null, "setModel is required");
      checkState(outDir != null, "setOutputDir is required");
      checkState(judge != null, "setJudge or setOfflineJudge is required");
      return new RBenchFullRun(this);
    }
  }
}
