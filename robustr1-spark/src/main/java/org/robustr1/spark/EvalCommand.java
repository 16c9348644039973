package org.robustr1.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.robustr1.model.SamplingConfig;
import org.robustr1.spark.eval.EvalJob;
import org.robustr1.spark.eval.ModelSpec;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code robustr1-spark eval}: a benchmark under degradation tracks on Spark ({@link EvalJob}). */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "The predictions and scores of `robustr1 eval` computed on Spark: each task answers a shard of the",
      "items with an endpoint pool (--endpoint URL[,URL...], --concurrency per executor) or the in-process",
      "model loaded once per executor (--model DIR); predictions.jsonl, scores and the report go to --out."
    })
final class EvalCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin SparkCommand.SparkOptions sparkOptions = new SparkCommand.SparkOptions();

  @Option(names = "--bench", required = true, description = "mmstar, mmmb, realworldqa or rbench")
  String bench;

  @Option(names = "--data", required = true, description = "benchmark TSV (a folder of mmmb_xx.tsv for mmmb)")
  String data;

  static final class ModelChoice {
    @Option(names = "--endpoint", required = true, split = ",", description = "OpenAI-compatible base URLs (a pool)")
    String[] endpoints;

    @Option(names = "--model", required = true, description = "Qwen2.5-VL checkpoint folder readable by every executor")
    String model;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  ModelChoice modelChoice;

  @Option(names = "--weights", description = "with --model: weights file inside it")
  String weights;

  @Option(names = "--served-model", defaultValue = "default", description = "model name at the endpoints")
  String servedModel;

  @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY", description = "env var with the endpoints' key on the executors")
  String apiKeyEnv;

  @Option(names = "--concurrency", defaultValue = "8", description = "endpoint requests in flight per executor (default ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--degrade", defaultValue = "clean", description = "tracks: clean,25,50,100 or intensities")
  String degrade;

  @Option(names = "--out", required = true, description = "driver-side folder: predictions.jsonl, scores, report")
  Path out;

  @Option(names = "--parquet", description = "the executors' table (default OUT/predictions.parquet; use a shared path on a cluster)")
  String parquet;

  @Option(names = "--prompt", defaultValue = "vlmevalkit", description = "vlmevalkit or robust-r1")
  String prompt;

  @Option(names = "--matching", defaultValue = "current", description = "legacy, v2025, current")
  String matching;

  @Option(names = "--judge", defaultValue = "exact", description = "exact or an OpenAI-compatible judge URL")
  String judge;

  @Option(names = "--judge-model", defaultValue = "gpt-4o-mini")
  String judgeModel;

  @Option(names = "--judge-key-env", defaultValue = "OPENAI_API_KEY", description = "env var with the judge's key")
  String judgeKeyEnv;

  @Option(names = "--max-new-tokens", defaultValue = "1024")
  int maxNewTokens;

  @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default)")
  double temperature;

  @Option(names = "--top-p", defaultValue = "1.0")
  double topP;

  @Option(names = "--top-k", defaultValue = "0")
  int topK;

  @Option(names = "--repetition-penalty", defaultValue = "1.0")
  double repetitionPenalty;

  @Option(names = "--seed", defaultValue = "0", description = "seed of degradations, sampling, judge fallback, bootstrap")
  long seed;

  @Option(names = "--batch-size", defaultValue = "1", description = "prompts per generate call of --model")
  int batchSize;

  @Option(names = "--image-root", description = "folder image_path values are relative to")
  String imageRoot;

  @Option(names = "--overwrite", description = "replace earlier predictions in --out and --parquet")
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    ModelSpec m = modelChoice.endpoints != null
        ? ModelSpec.endpoints(Arrays.asList(modelChoice.endpoints), servedModel, apiKeyEnv, concurrency)
        : ModelSpec.checkpoint(modelChoice.model, weights);
    SamplingConfig sampling = temperature == 0
        ? new SamplingConfig(maxNewTokens, 0, 0, 1.0, repetitionPenalty, seed)
        : new SamplingConfig(maxNewTokens, temperature, topK, topP, repetitionPenalty, seed);
    EvalJob.Builder b = EvalJob.builder().setBench(bench).setData(data).setModel(m).setOutputDir(out)
        .optTracks(degrade).optSeed(seed).optPrompt(prompt).optSampling(sampling).optBatchSize(batchSize)
        .optMatching(matching).optJudge(judge, judgeModel, judgeKeyEnv).optImageRoot(imageRoot).optOverwrite(overwrite);
    if (parquet != null) {
      b.optParquet(parquet);
    }
    if (sparkOptions.partitions != null) {
      b.optPartitions(sparkOptions.partitions);
    }
    EvalJob job = b.build();
    SparkSession spark = sparkOptions.session("robustr1 eval " + bench);
    EvalJob.Result r = job.run(spark);
    PrintWriter o = spec.commandLine().getOut();
    o.println(r.predictions() + " predictions -> " + out.resolve("predictions.jsonl")
        + (r.duplicatesDropped() > 0 ? " (" + r.duplicatesDropped() + " duplicate rows dropped)" : ""));
    o.print(r.report().toMarkdown());
    o.flush();
    return 0;
  }
}
