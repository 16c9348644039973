package org.robustr1.serve.generate;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;

/**
 * Any {@link VisionLanguageModel} (e.g. another server through {@code OpenAiVisionModel}): one
 * prompt at a time, the whole answer as one piece of text.
 */
final class ModelGenerator implements Generator {

  private final VisionLanguageModel model;
  private final String name;

  ModelGenerator(VisionLanguageModel model, String name) {
    this.model = requireNonNull(model, "model");
    this.name = requireNonNull(name, "name");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void check(VlmPrompt prompt) {
    model.checkPrompt(prompt);
  }

  @Override
  public List<Completion> generate(List<VlmPrompt> prompts, SamplingConfig sampling, TextListener listener) {
    List<Completion> out = new ArrayList<>(prompts.size());
    for (int r = 0; r < prompts.size(); r++) {
      Generation g = model.generate(prompts.get(r), sampling);
      listener.onText(r, g.text());
      int n = g.tokenIds().length;
      out.add(new Completion(g.text(), g.promptIds().length, n, n < sampling.maxNewTokens()));
    }
    return out;
  }

  @Override
  public void close() {
    model.close();
  }
}
