package org.robustr1.serve.generate;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.processor.Qwen2VlImageProcessor;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.model.tokenizer.QwenTokenizer;

/**
 * The in-process Qwen2.5-VL: left-padded batches of up to {@code maxBatch} prompts, each token
 * decoded as it comes ({@link IncrementalDecoder}), rows ended through the model's {@link
 * org.robustr1.model.generate.TokenListener}.
 */
final class QwenGenerator implements Generator {

  private final Qwen25VlModel model;
  private final String name;
  private final int maxBatch;
  private final QwenTokenizer tokenizer;
  private final Qwen2VlImageProcessor images;

  QwenGenerator(Qwen25VlModel model, String name, int maxBatch) {
    this.model = requireNonNull(model, "model");
    this.name = requireNonNull(name, "name");
    checkArgument(maxBatch >= 1, "maxBatch must be >= 1, got %s", maxBatch);
    this.maxBatch = maxBatch;
    var processor = model.processor().orElseThrow(
        () -> new IllegalArgumentException("model " + model.name() + " has no tokenizer.json: it cannot be served"));
    this.tokenizer = processor.tokenizer();
    this.images = processor.imageProcessor();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RgbImage prepare(RgbImage image) {
    images.check(List.of(image));
    return images.resize(image);
  }

  @Override
  public void check(VlmPrompt prompt) {
    model.checkPrompt(prompt);
  }

  @Override
  public int maxBatch() {
    return maxBatch;
  }

  @Override
  public List<Completion> generate(List<VlmPrompt> prompts, SamplingConfig sampling, TextListener listener) {
    List<IncrementalDecoder> decoders = new ArrayList<>(prompts.size());
    boolean[] stopped = new boolean[prompts.size()];
    for (int r = 0; r < prompts.size(); r++) {
      decoders.add(new IncrementalDecoder(ids -> tokenizer.decode(ids, true)));
    }
    List<Generation> gens = model.generate(prompts, sampling, (row, token, stop) -> {
      stopped[row] = stop;
      return listener.onText(row, decoders.get(row).add(token));
    });
    List<Completion> out = new ArrayList<>(gens.size());
    for (int r = 0; r < gens.size(); r++) {
      Generation g = gens.get(r);
      out.add(new Completion(g.text(), g.promptIds().length, g.tokenIds().length, stopped[r]));
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
