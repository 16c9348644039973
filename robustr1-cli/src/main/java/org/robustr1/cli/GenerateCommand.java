package org.robustr1.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.robustr1.core.image.ImageDecoder;
import org.robustr1.core.image.RgbImage;
import org.robustr1.eval.prompt.McqPrompts;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.qwen.Qwen25VlModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code robustr1 generate}: answers one question about images with a local Qwen2.5-VL checkpoint.
 * Images go before the question in the user turn, in the order given (as the official app).
 * Options and images are checked before the model loads.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generate an answer with a local Qwen2.5-VL checkpoint (DJL; --device, --dtype).")
public final class GenerateCommand implements Callable<Integer> {

  /** The official app's sampling temperature ({@code app.py}). */
  static final double APP_TEMPERATURE = 0.6;

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "Hugging Face checkpoint directory")
  Path model;

  @Option(names = "--weights", description = "weights file inside --model (default: model.safetensors or the shard index)")
  String weights;

  @Option(names = "--image", description = "image file (PNG/JPEG); repeatable, kept in order")
  List<Path> images = new ArrayList<>();

  @Option(names = "--question", required = true, description = "the user text")
  String question;

  @Option(names = "--system", description = "system turn (default: the model's, 'You are a helpful assistant.')")
  String system;

  @Mixin DecodingOptions decoding;

  @Option(names = "--seed", defaultValue = "0", description = "sampler seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--repetition-penalty", description = {
      "HF repetition penalty, 1 = off (default 1; with --prompt robust-r1 the checkpoint's",
      "generation_config.json, as the official app)"})
  Double repetitionPenalty;

  @Option(names = "--max-new-tokens", defaultValue = "1024", description = {
      "most tokens to generate (default ${DEFAULT-VALUE}, the official app's: room for a whole chain)"})
  int maxNewTokens;

  @Option(names = "--prompt", defaultValue = "plain", description = {
      "plain (the question as given, greedy by default) or robust-r1: the question followed by the",
      "official app's chain instruction, sampled as the app does (temperature 0.6, top-k/top-p and",
      "repetition penalty from the checkpoint's generation_config.json) unless decoding options are given"})
  String prompt;

  @Option(names = "--json", description = "print {\"prompt_ids\", \"generated_ids\", \"text\"} as JSON")
  boolean json;

  @Mixin ModelOptions modelOptions;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(model)) {
      throw new ParameterException(spec.commandLine(), "--model " + model + " is not a directory");
    }
    Preflight.positive("--max-new-tokens", maxNewTokens);
    boolean robust = switch (prompt.toLowerCase(Locale.ROOT)) {
      case "plain" -> false;
      case "robust-r1", "robustr1" -> true;
      default -> throw new ParameterException(spec.commandLine(), "--prompt must be plain or robust-r1, got '" + prompt + "'");
    };
    List<RgbImage> rgb = new ArrayList<>();
    for (Path p : images) {
      rgb.add(readImage(p));
    }
    modelOptions.checkImages(model, images, rgb);
    SamplingConfig sampling = robust && decoding.isDefault()
        ? appSampling(GenerationConfig.read(model).orElse(GenerationConfig.parse("{}", "Hugging Face defaults")))
        : decoding.toConfig(spec, maxNewTokens, repetitionPenalty == null ? 1.0 : repetitionPenalty, seed);
    String user = robust ? question + "\n" + org.robustr1.core.chain.RobustR1Prompts.INFERENCE_INSTRUCTION : question;
    VlmPrompt vlmPrompt = new VlmPrompt(com.google.common.collect.ImmutableList.copyOf(rgb), user, system);
    Generation g;
    try (Qwen25VlModel m = modelOptions.load(model, weights)) {
      g = m.generate(vlmPrompt, sampling);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper mapper = new ObjectMapper();
      ObjectNode node = mapper.createObjectNode();
      node.putPOJO("prompt_ids", g.promptIds());
      node.putPOJO("generated_ids", g.tokenIds());
      node.put("text", g.text());
      out.println(mapper.writeValueAsString(node));
    } else {
      out.println(g.text());
    }
    out.flush();
    return 0;
  }

  /**
   * The official app's decoding ({@code app.py}): temperature 0.6, the other knobs from the
   * checkpoint's generation settings; {@code --repetition-penalty} and {@code --seed} apply.
   */
  SamplingConfig appSampling(GenerationConfig g) {
    return new SamplingConfig(maxNewTokens, APP_TEMPERATURE, g.topK(), g.topP(),
        repetitionPenalty == null ? g.repetitionPenalty() : repetitionPenalty, seed);
  }

  /**
   * Reads an image file as Qwen2-VL's processor sees it ({@link ImageDecoder#qwen()}: Pillow-exact,
   * alpha composited onto white as the Hugging Face processor does).
   */
  static RgbImage readImage(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("image file not found: " + file);
    }
    return ImageDecoder.qwen().read(file);
  }
}
