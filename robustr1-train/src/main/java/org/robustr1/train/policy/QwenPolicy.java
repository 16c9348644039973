package org.robustr1.train.policy;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.robustr1.core.reward.TokenCounter;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.qwen.GradMode;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.train.checkpoint.Checkpointer;

/**
 * The Qwen2.5-VL model on DJL as a {@link TrainablePolicy}: the vision tower and merger stay
 * frozen (the model's default), prompts are encoded once with their vision features, the G samples
 * of a prompt are generated as one batch of G copies (each row has its own RNG stream), and
 * log-probabilities come from the model's teacher-forced scoring.
 *
 * <p>Checkpoints are written as HF-named float32 safetensors ({@code model.safetensors}) plus
 * {@code config.json}.
 */
public final class QwenPolicy implements TrainablePolicy {

  /** Weights file written by {@link #save}. */
  public static final String WEIGHTS_FILE = "model.safetensors";

  private final Qwen25VlModel model;
  private final Qwen25VlProcessor processor;
  private final Function<String, int[]> textEncoder;
  private final int eos;

  /**
   * A policy over {@code model}.
   *
   * @param model the model, with a {@link Qwen25VlProcessor} attached
   * @param textEncoder tokenizes plain text without special tokens (the SFT target)
   */
  public QwenPolicy(Qwen25VlModel model, Function<String, int[]> textEncoder) {
    this.model = requireNonNull(model, "model");
    this.textEncoder = requireNonNull(textEncoder, "textEncoder");
    this.processor =
        model
            .processor()
            .orElseThrow(() -> new IllegalArgumentException("model " + model.name() + " has no processor (tokenizer) attached"));
    checkArgument(model.isVisionFrozen(), "the vision tower and merger must be frozen for Robust-R1 training");
    this.eos = model.generationConfig().eosTokenIds().get(0);
  }

  /**
   * Loads a Hugging Face Qwen2.5-VL checkpoint folder ({@code config.json}, {@code
   * model.safetensors} or a sharded index, {@code tokenizer.json}, optional {@code
   * preprocessor_config.json} and {@code generation_config.json}); weights are widened to float32
   * and the vision tower and merger frozen.
   */
  public static QwenPolicy load(Path dir) throws IOException {
    checkArgument(Files.isRegularFile(dir.resolve("tokenizer.json")), "model folder %s has no tokenizer.json", dir);
    Qwen25VlModel model = Qwen25VlModel.load(dir);
    return new QwenPolicy(model, model.processor().orElseThrow().tokenizer()::encode);
  }

  /** The wrapped model. */
  public Qwen25VlModel model() {
    return model;
  }

  private static final class Prepared implements PreparedPrompt {
    final EncodedPrompt encoded;

    Prepared(EncodedPrompt encoded) {
      this.encoded = encoded;
    }

    @Override
    public int[] promptIds() {
      return encoded.ids();
    }

    @Override
    public void close() {
      encoded.close();
    }
  }

  @Override
  public PreparedPrompt prepare(VlmPrompt prompt) {
    return new Prepared(GradMode.noGrad(() -> model.encode(prompt)));
  }

  @Override
  public List<Generation> sample(PreparedPrompt prompt, int n, SamplingConfig sampling) {
    EncodedPrompt e = ((Prepared) prompt).encoded;
    List<Qwen25VlModel.GeneratedIds> ids = model.generateIds(Collections.nCopies(n, e), sampling, true);
    List<Generation> out = new ArrayList<>(n);
    for (Qwen25VlModel.GeneratedIds g : ids) {
      out.add(new Generation(g.promptIds(), g.tokenIds(), processor.tokenizer().decode(g.tokenIds(), true), g.logProbs()));
    }
    return out;
  }

  @Override
  public NDArray completionLogProbs(PreparedPrompt prompt, List<int[]> completions, NDManager manager) {
    return model.logProbs(manager, ((Prepared) prompt).encoded, completions);
  }

  @Override
  public int[] assistantTargetIds(String text) {
    int[] content = textEncoder.apply(text);
    int[] out = java.util.Arrays.copyOf(content, content.length + 1);
    out[content.length] = eos;
    return out;
  }

  @Override
  public int eosTokenId() {
    return eos;
  }

  @Override
  public String decode(int[] ids) {
    return processor.tokenizer().decode(ids, true);
  }

  @Override
  public Map<String, NDArray> trainableParameters() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      if (e.getValue().requiresGradient()) {
        out.put(e.getKey(), e.getValue().getArray());
      }
    }
    return out;
  }

  @Override
  public Map<String, NDArray> frozenParameters() {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      if (!e.getValue().requiresGradient()) {
        out.put(e.getKey(), e.getValue().getArray());
      }
    }
    return out;
  }

  @Override
  public void save(Path dir) {
    try {
      Files.createDirectories(dir);
      Map<String, NDArray> all = new LinkedHashMap<>();
      model.namedParameters().forEach((k, p) -> all.put(k, p.getArray()));
      Checkpointer.writeTensors(dir.resolve(WEIGHTS_FILE), all);
      model.config().write(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save model to " + dir, e);
    }
  }

  @Override
  public void loadTrainable(Path dir) {
    Map<String, float[]> tensors;
    try {
      tensors = Checkpointer.readTensors(dir.resolve(WEIGHTS_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(WEIGHTS_FILE), e);
    }
    checkState(!tensors.isEmpty(), "%s holds no weights", dir.resolve(WEIGHTS_FILE));
    GradMode.noGrad(
        () -> {
          for (Map.Entry<String, NDArray> e : trainableParameters().entrySet()) {
            float[] v = tensors.get(e.getKey());
            checkArgument(v != null, "checkpoint %s has no tensor %s", dir, e.getKey());
            checkArgument(
                v.length == e.getValue().size(),
                "tensor %s has %s values, the model expects shape %s",
                e.getKey(),
                v.length,
                e.getValue().getShape());
            e.getValue().set(FloatBuffer.wrap(v));
          }
          return null;
        });
  }

  /** Counts tokens with the policy's tokenizer (no special tokens added): the r_len counter. */
  public TokenCounter tokenCounter() {
    return text -> textEncoder.apply(text.toString()).length;
  }

  @Override
  public void close() {
    model.close();
  }
}
