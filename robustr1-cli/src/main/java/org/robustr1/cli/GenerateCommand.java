package org.robustr1.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.robustr1.core.image.ImageDecoder;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.qwen.Qwen25VlModel;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code robustr1 generate}: answers one question about images with a local Qwen2.5-VL checkpoint.
 * Images go before the question in the user turn, in the order given.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generate an answer with a local Qwen2.5-VL checkpoint (DJL; --device, --dtype).")
public final class GenerateCommand implements Callable<Integer> {

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

  @ArgGroup(exclusive = true)
  DecodingOptions decoding = new DecodingOptions();

  @Option(names = "--seed", defaultValue = "0", description = "sampler seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--repetition-penalty", defaultValue = "1.0", description = "HF repetition penalty, 1 = off (default ${DEFAULT-VALUE})")
  double repetitionPenalty;

  @Option(names = "--max-new-tokens", defaultValue = "128", description = "most tokens to generate (default ${DEFAULT-VALUE})")
  int maxNewTokens;

  @Option(names = "--json", description = "print {\"prompt_ids\", \"generated_ids\", \"text\"} as JSON")
  boolean json;

  @Mixin ModelOptions modelOptions;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(model)) {
      throw new ParameterException(spec.commandLine(), "--model " + model + " is not a directory");
    }
    List<RgbImage> rgb = new ArrayList<>();
    for (Path p : images) {
      rgb.add(readImage(p));
    }
    SamplingConfig sampling = decoding.toConfig(spec, maxNewTokens, repetitionPenalty, seed);
    VlmPrompt prompt = new VlmPrompt(com.google.common.collect.ImmutableList.copyOf(rgb), question, system);
    Generation g;
    try (Qwen25VlModel m = modelOptions.load(model, weights)) {
      g = m.generate(prompt, sampling);
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
