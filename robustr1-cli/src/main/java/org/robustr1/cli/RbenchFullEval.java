package org.robustr1.cli;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.rbench.full.RBenchData;
import org.robustr1.eval.rbench.full.RBenchFullRun;
import org.robustr1.eval.rbench.full.RBenchPromptStyle;
import org.robustr1.model.VisionLanguageModel;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code robustr1 eval --bench rbench-full}: R-Bench end to end from {@code All.parquet} (or the
 * notebook's folder layout) with {@link RBenchFullRun}, driven by {@link EvalCommand}'s options.
 * Bad input, a changed setup under the same {@code --out} and failed judge calls end the command
 * with one line; what was done is kept for the rerun.
 */
final class RbenchFullEval implements Callable<Integer> {

  /** The notebook's judge model, the default here unless {@code --judge-model} is given. */
  static final String NOTEBOOK_JUDGE_MODEL = "gpt-3.5-turbo";

  /** Options only {@code --bench rbench-full} reads. */
  static final class Options {
    @Option(names = "--judge-concurrency", defaultValue = "8",
        description = "rbench-full: judge calls in flight at once (default ${DEFAULT-VALUE})")
    int judgeConcurrency;
  }

  private final EvalCommand cmd;

  RbenchFullEval(EvalCommand cmd) {
    this.cmd = cmd;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter o = cmd.spec.commandLine().getOut();
    var parsed = cmd.spec.commandLine().getParseResult();
    for (String opt : List.of("--degrade", "--shard", "--matching", "--coco-dir", "--image-root")) {
      if (parsed.hasMatchedOption(opt)) {
        throw new ParameterException(cmd.spec.commandLine(), opt + " does not apply to --bench rbench-full"
            + " (its distorted images ship with the data; the judge is the notebook's LLM procedure)");
      }
    }
    String judge = cmd.judge.strip();
    boolean offline = judge.equalsIgnoreCase("offline");
    if (!offline && !judge.startsWith("http://") && !judge.startsWith("https://")) {
      throw new ParameterException(cmd.spec.commandLine(), "--bench rbench-full needs --judge URL (an OpenAI-compatible"
          + " server; the notebook uses " + NOTEBOOK_JUDGE_MODEL + ") or --judge offline (not the official metric)");
    }
    RBenchPromptStyle style = switch (cmd.prompt.toLowerCase(Locale.ROOT)) {
      case "vlmevalkit", "official" -> RBenchPromptStyle.OFFICIAL;
      case "robust-r1", "robustr1" -> RBenchPromptStyle.ROBUST_R1;
      default -> throw new ParameterException(cmd.spec.commandLine(),
          "unknown --prompt '" + cmd.prompt + "'; expected vlmevalkit (the notebook's prompt) or robust-r1");
    };
    BadInputPolicy policy = BadInputPolicy.parse(cmd.policy);
    try {
      RBenchData data = RBenchData.open(cmd.data, policy);
      RBenchFullRun.Result res;
      try (VisionLanguageModel model = cmd.openModel()) {
        RBenchFullRun.Builder b = RBenchFullRun.builder().setData(data).setModel(model).setOutputDir(cmd.out)
            .optModelFingerprint(modelFingerprint()).optSampling(cmd.samplingConfig()).optPromptStyle(style)
            .optBatchSize(cmd.batchSize).optPolicy(policy).optJudgeConcurrency(cmd.rbenchFull.judgeConcurrency)
            .optSeed(cmd.seed);
        if (offline) {
          b.setOfflineJudge();
        } else {
          String judgeModel = parsed.hasMatchedOption("--judge-model") ? cmd.judgeModel : NOTEBOOK_JUDGE_MODEL;
          b.setJudge(ChatCompletionsClient.builder().setEndpoint(judge).setModel(judgeModel)
              .optApiKey(System.getenv(cmd.judgeKeyEnv)).build(), redact(judge));
        }
        res = b.build().run();
      }
      o.println("generated " + res.generated() + ", cached " + res.generationsCached() + "; judge calls "
          + res.judgeCalls() + ", asked " + res.judgeAsked() + "; skipped " + res.skipped().size() + " -> " + cmd.out);
      res.skipped().forEach(s -> o.println("  skipped: " + s.reason()));
      o.print(res.report().toMarkdown());
      o.flush();
      return 0;
    } catch (IllegalStateException | UnsupportedOperationException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** What identifies the model under test beyond its name. */
  private Map<String, String> modelFingerprint() throws IOException {
    Map<String, String> m = new LinkedHashMap<>();
    if (cmd.modelChoice.endpoint != null) {
      m.put("model.endpoint", redact(cmd.modelChoice.endpoint));
      m.put("model.served", cmd.servedModel);
      return m;
    }
    Path dir = cmd.modelChoice.model.toAbsolutePath().normalize();
    m.put("model.dir", dir.toString());
    m.put("model.weights", cmd.weights == null ? "default" : cmd.weights);
    Path config = dir.resolve("config.json");
    if (Files.isRegularFile(config)) {
      m.put("model.config.sha256", Hashing.sha256().hashBytes(Files.readAllBytes(config)).toString());
    }
    StringBuilder sizes = new StringBuilder();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().forEach(p -> {
        try {
          sizes.append(p.getFileName()).append('=').append(Files.size(p)).append(' ');
        } catch (IOException e) {
          sizes.append(p.getFileName()).append("=? ");
        }
      });
    }
    m.put("model.safetensors", sizes.toString().strip());
    return m;
  }

  /** A URL without credentials or query (for reports and fingerprints). */
  static String redact(String url) {
    try {
      URI u = new URI(url.strip());
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
    } catch (URISyntaxException e) {
      return "(unparsable URL)";
    }
  }
}
