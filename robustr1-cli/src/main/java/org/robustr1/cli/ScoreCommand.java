package org.robustr1.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.robustr1.core.chain.PythonText;
import org.robustr1.eval.client.OpenAiJudge;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.data.McqDataset;
import org.robustr1.eval.data.Predictions;
import org.robustr1.eval.matching.AnswerMatcher;
import org.robustr1.eval.matching.ChoiceExtractor;
import org.robustr1.eval.matching.JudgeModel;
import org.robustr1.eval.matching.MatchingRules;
import org.robustr1.eval.score.McqScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code robustr1 score}: VLMEvalKit MCQ scoring of a prediction file against a dataset TSV:
 * writes {@code items.jsonl} and {@code acc.csv} (report_acc).
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Score MCQ predictions as VLMEvalKit does (can_infer, optional LLM judge, report_acc).")
public final class ScoreCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, description = "dataset TSV (index, question, options, answer, ...)")
  Path data;

  @Option(names = "--predictions", required = true, description = "predictions: TSV with index+prediction, or JSONL")
  Path predictions;

  @Option(names = "--out", required = true, description = "output folder")
  Path out;

  @Option(names = "--matching", defaultValue = "current", description = "can_infer rules: legacy, v2025, current (default)")
  String matching;

  @Option(names = "--judge", defaultValue = "exact", description = "exact (default) or an OpenAI-compatible URL")
  String judge;

  @Option(names = "--judge-model", defaultValue = "gpt-4o-mini", description = "judge model name (default gpt-4o-mini)")
  String judgeModel;

  @Option(names = "--judge-key-env", defaultValue = "JUDGE_API_KEY", description = "env var holding the judge's API key (default ${DEFAULT-VALUE})")
  String judgeKeyEnv;

  /** Reads environment variables (tests substitute it). */
  UnaryOperator<String> env = System::getenv;

  @Option(names = "--seed", defaultValue = "0", description = "seed of the judge's random fallback")
  long seed;

  @Option(names = "--dataset-name", description = "dataset name (default: the data file name without extension)")
  String datasetName;

  @Option(names = "--policy", defaultValue = "fail", description = "bad rows: fail (default) or skip")
  String policy;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    String name = datasetName != null ? datasetName : data.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    McqDataset ds = McqDataset.load(data, name, McqDataset.Options.scoringOnly().withPolicy(BadInputPolicy.parse(policy)));
    Map<String, String> preds = Predictions.read(predictions);
    AnswerMatcher matcher = AnswerMatcher.of(MatchingRules.parse(matching));
    JudgeModel j = OpenAiJudge.fromSpec(judge, judgeModel, env.apply(judgeKeyEnv));
    ChoiceExtractor ex = j == null ? ChoiceExtractor.exactMatching(matcher) : ChoiceExtractor.withJudge(matcher, j, seed);
    McqScorer.Result r = new McqScorer(ex).score(ds, preds, predictions);
    Files.createDirectories(out);
    McqScorer.writeItems(r, out.resolve("items.jsonl"));
    r.acc().writeCsv(out.resolve("acc.csv"));
    ds.skipped().forEach(s -> o.println("skipped: " + s.reason()));
    if (!r.missing().isEmpty()) {
      o.println("WARNING: " + r.missingNote());
    }
    long random = r.items().stream().filter(x -> x.via() == ChoiceExtractor.Path.RANDOM).count();
    o.println(name + ": " + r.items().size() + " of " + (r.items().size() + r.missing().size()) + " items scored, Overall " + PythonText.formatFixed(r.overall(), 4)
        + (random > 0 ? " (" + random + " random fallbacks, seed " + seed + ")" : "")
        + " -> " + out.resolve("acc.csv"));
    o.flush();
    return 0;
  }
}
