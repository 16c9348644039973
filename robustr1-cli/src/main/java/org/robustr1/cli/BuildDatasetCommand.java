package org.robustr1.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.robustr1.core.openai.ChatCompletionsClient;
import org.robustr1.degrade.FileFailure;
import org.robustr1.degrade.dataset.AnswerStyle;
import org.robustr1.degrade.dataset.ChatCompletionsInfluenceAnnotator;
import org.robustr1.degrade.dataset.DatasetBuilder;
import org.robustr1.degrade.dataset.InfluenceAnnotator;
import org.robustr1.degrade.dataset.OutputMode;
import org.robustr1.degrade.dataset.PromptStyle;
import org.robustr1.degrade.dataset.TemplateInfluenceAnnotator;
import org.robustr1.degrade.pipeline.DegradationPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code robustr1 build-dataset}: A-OKVQA + COCO images to degraded images, {@code train.jsonl}
 * (official Robust-R1 rows) and a {@code degradations.jsonl} manifest.
 */
@Command(
    name = "build-dataset",
    mixinStandardHelpOptions = true,
    description = {
      "Builds a Robust-R1 training set from A-OKVQA: degraded images (composite four-stage pipeline,",
      "seeded per question), train.jsonl with full reasoning chains (or answers only) and a",
      "degradations.jsonl manifest. Resumable; the same seed gives identical output for any --threads."
    })
public final class BuildDatasetCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--aokvqa", required = true, description = "A-OKVQA annotations, aokvqa_v1p0_{split}.json")
  Path aokvqa;

  @Option(names = "--images", required = true, description = "COCO image root holding {split}2017/{image_id:012d}.jpg")
  Path images;

  @Option(names = "--out", required = true, description = "output folder (images/, train.jsonl, degradations.jsonl)")
  Path out;

  @Option(names = "--seed", required = true, description = "base seed")
  long seed;

  @Option(names = "--threads", description = "worker threads (default: all cores)")
  Integer threads;

  @Option(names = "--limit", description = "use only the first N questions")
  Integer limit;

  @Option(
      names = "--influence",
      defaultValue = "template",
      description = "'template' (default) or the base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:8000/v1")
  String influence;

  @Option(names = "--influence-model", description = "model name for --influence URL (required then)")
  String influenceModel;

  @Option(names = "--api-key-env", defaultValue = "OPENAI_API_KEY", description = "environment variable holding the API key (default ${DEFAULT-VALUE})")
  String apiKeyEnv;

  @Option(names = "--influence-timeout", defaultValue = "60", description = "seconds per request (default ${DEFAULT-VALUE})")
  int influenceTimeout;

  @Option(names = "--influence-retries", defaultValue = "3", description = "retries per request (default ${DEFAULT-VALUE})")
  int influenceRetries;

  @Option(names = "--influence-fallback", description = "use the template when the API fails instead of skipping the row")
  boolean influenceFallback;

  @Option(names = "--send-image", description = "send the degraded image to the API (vision models)")
  boolean sendImage;

  @Option(names = "--clean-fraction", defaultValue = "0", description = "fraction of questions left undegraded (default ${DEFAULT-VALUE})")
  double cleanFraction;

  @Option(names = "--answer-only", description = "write answers only (no chain, plain prompt): the answer-only baseline")
  boolean answerOnly;

  @Option(names = "--answer-index", description = "write the choice number instead of its text in ANSWER")
  boolean answerIndex;

  @Option(names = "--plain-prompt", description = "user turns without the robust template (for the official GRPO script, which adds it)")
  boolean plainPrompt;

  @Option(names = "--mode", defaultValue = "COMPOSITE", description = "COMPOSITE (one op per stage, default) or OFFICIAL (one op per image)")
  DegradationPipeline.Mode mode;

  @Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;

  @Mixin RecipeOptions recipe;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    InfluenceAnnotator annotator = annotator();
    Preflight.readableFile("--aokvqa", aokvqa);
    Preflight.folder("--images", images);
    Preflight.outputFolder("--out", this.out);
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("aokvqa", aokvqa);
    inputs.put("images", images);
    RunRecords records = RunRecords.start(spec, seed, inputs);
    DatasetBuilder.Builder b =
        DatasetBuilder.builder()
            .setAokvqaFile(aokvqa)
            .setImageRoot(images)
            .setOutputDir(this.out)
            .optSeed(seed)
            .optCleanFraction(cleanFraction)
            .optMode(mode)
            .optOutputMode(answerOnly ? OutputMode.ANSWER_ONLY : OutputMode.CHAIN)
            .optAnswerStyle(answerIndex ? AnswerStyle.CHOICE_INDEX : AnswerStyle.CHOICE_TEXT)
            .optInfluenceAnnotator(annotator)
            .optProgressBar(!noProgress);
    if (plainPrompt) {
      b.optPromptStyle(PromptStyle.PLAIN);
    }
    if (threads != null) {
      b.optThreads(threads);
    }
    if (limit != null) {
      b.optLimit(limit);
    }
    DatasetBuilder.Result r = b.build().run();
    records.finish(this.out);
    out.printf(
        "%d rows: %d written, %d already there, %d failed%n",
        r.rows(), r.written(), r.skipped(), r.failures().size());
    for (FileFailure f : r.failures()) {
      out.println("  skipped " + f);
    }
    out.println("rows:     " + r.trainFile());
    out.println("manifest: " + r.manifestFile());
    out.println("images:   " + r.imageDir());
    out.flush();
    return r.failures().isEmpty() ? 0 : 2;
  }

  private InfluenceAnnotator annotator() {
    if ("template".equalsIgnoreCase(influence)) {
      return new TemplateInfluenceAnnotator();
    }
    if (influenceModel == null) {
      throw new ParameterException(spec.commandLine(), "--influence " + influence + " needs --influence-model");
    }
    ChatCompletionsClient.Builder client;
    try {
      client = ChatCompletionsClient.builder().setEndpoint(influence);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(), "--influence must be 'template' or an http(s) URL: " + e.getMessage());
    }
    client.setModel(influenceModel)
        .optApiKeyFromEnv(apiKeyEnv)
        .optTimeout(Duration.ofSeconds(Math.max(1, influenceTimeout)))
        .optMaxRetries(Math.max(0, influenceRetries));
    ChatCompletionsInfluenceAnnotator.Builder a =
        ChatCompletionsInfluenceAnnotator.builder().setClient(client.build()).optSendImage(sendImage);
    if (influenceFallback) {
      a.optFallback(new TemplateInfluenceAnnotator());
    }
    return a.build();
  }
}
