package org.robustr1.train.policy;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.core.reward.TokenCounter;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.CompletionScores;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.model.qwen.ScoringOptions;
import org.robustr1.model.safetensors.SafetensorsCheckpoint;
import org.robustr1.model.safetensors.TensorInfo;
import org.robustr1.model.tokenizer.QwenTokenizer;

/**
 * The Qwen2.5-VL model on DJL as a {@link TrainablePolicy}: the vision tower and merger stay
 * frozen (the model's default), prompts are encoded once with their vision features through the
 * model's own {@link Qwen25VlProcessor} (chat template, tokenizer, image processor), the G samples
 * of a prompt are generated as one batch of G copies (each row has its own RNG stream), and
 * log-probabilities come from the model's teacher-forced scoring.
 *
 * <p>Checkpoints are written by {@link Qwen25VlModel#save(Path)}: a Hugging Face folder (float32
 * weights, config, generation config, preprocessor and tokenizer files) that {@link #load} and
 * Python {@code transformers} read; {@link #loadTrainable} reads it back through model-io's
 * {@link SafetensorsCheckpoint}.
 */
public final class QwenPolicy implements TrainablePolicy {

  private final Qwen25VlModel model;
  private final Qwen25VlProcessor processor;
  private final QwenTokenizer tokenizer;
  private final int eos;
  private String identity;

  /**
   * A policy over {@code model}, which must have a processor attached ({@link Qwen25VlModel#load}
   * attaches one when the folder has a {@code tokenizer.json}; otherwise {@link
   * Qwen25VlModel#setProcessor}). The policy owns the model and closes it.
   */
  public QwenPolicy(Qwen25VlModel model) {
    this.model = requireNonNull(model, "model");
    this.processor =
        model
            .processor()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "model " + model.name() + " has no processor (tokenizer.json) attached"));
    this.tokenizer = processor.tokenizer();
    checkArgument(model.isVisionFrozen(), "the vision tower and merger must be frozen for Robust-R1 training");
    model.precision().checkTrainable();
    this.eos = model.generationConfig().eosTokenIds().get(0);
    this.identity = "model " + model.name() + " (config sha256 " + Hashing.sha256().hashString(model.config().toJson(), StandardCharsets.UTF_8) + ")";
  }

  /**
   * Loads a Hugging Face Qwen2.5-VL checkpoint folder with {@link Qwen25VlModel#load} (weights
   * widened to float32, vision tower and merger frozen); the folder must hold a {@code
   * tokenizer.json}.
   */
  public static QwenPolicy load(Path dir) throws IOException {
    return load(dir, true);
  }

  /**
   * Like {@link #load(Path)}; with {@code refuseNonFinite} false, weights holding NaN or infinite
   * values are loaded with a warning instead of refused ({@link Qwen25VlModel#load(Path, String,
   * boolean)}).
   */
  public static QwenPolicy load(Path dir, boolean refuseNonFinite) throws IOException {
    return load(dir, refuseNonFinite, null);
  }

  /**
   * Like {@link #load(Path, boolean)}, on {@code device} (the default device of {@link
   * org.robustr1.model.device.Devices} when null); every array of the policy and of the trainers
   * around it lives there.
   */
  public static QwenPolicy load(Path dir, boolean refuseNonFinite, Device device) throws IOException {
    checkArgument(
        Files.isRegularFile(dir.resolve(QwenTokenizer.FILE_NAME)), "model folder %s has no %s", dir, QwenTokenizer.FILE_NAME);
    Qwen25VlModel model = Qwen25VlModel.loader(dir).optRefuseNonFinite(refuseNonFinite).optDevice(device).load();
    try {
      QwenPolicy policy = new QwenPolicy(model);
      policy.identity = ModelFingerprint.of(dir);
      return policy;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The wrapped model. */
  public Qwen25VlModel model() {
    return model;
  }

  /** A manager on the model's device. */
  @Override
  public NDManager newManager() {
    return NDManager.newBaseManager(model.device(), "PyTorch");
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
      out.add(new Generation(g.promptIds(), g.tokenIds(), decode(g.tokenIds()), g.logProbs()));
    }
    return out;
  }

  @Override
  public NDArray completionLogProbs(PreparedPrompt prompt, List<int[]> completions, NDManager manager) {
    return model.logProbs(manager, ((Prepared) prompt).encoded, completions);
  }

  /**
   * Memory-bounded log-probs through {@link Qwen25VlModel#score(EncodedPrompt, List,
   * ScoringOptions)}: chunked log-softmax, deferred chunked backward, optional gradient
   * checkpointing per decoder layer.
   */
  @Override
  public ScoredCompletions score(PreparedPrompt prompt, List<int[]> completions, ScoringOptions options, NDManager manager) {
    return wrap(model.score(((Prepared) prompt).encoded, completions, options));
  }

  /**
   * Memory-bounded log-probs of completion r after prompt r in one left-padded pass through
   * {@link Qwen25VlModel#scoreEach}.
   */
  @Override
  public ScoredCompletions scoreEach(
      List<PreparedPrompt> prompts, List<int[]> completions, ScoringOptions options, NDManager manager) {
    List<EncodedPrompt> encoded = new ArrayList<>(prompts.size());
    for (PreparedPrompt p : prompts) {
      encoded.add(((Prepared) p).encoded);
    }
    return wrap(model.scoreEach(encoded, completions, options));
  }

  private static ScoredCompletions wrap(CompletionScores s) {
    return new ScoredCompletions() {
      @Override
      public NDArray logProbs() {
        return s.logProbs();
      }

      @Override
      public void backward() {
        s.backward();
      }

      @Override
      public void close() {
        s.close();
      }
    };
  }

  /** {@link ActivationMemory#trainingBytes} for this model in float32. */
  @Override
  public long activationBytes(int promptLength, int completionLength, int completions, ScoringOptions options) {
    return ActivationMemory.trainingBytes(model.config().text(), promptLength, completionLength, completions, options, 4);
  }

  /**
   * The model folder this policy was loaded from, by a sampled content hash ({@link
   * ModelFingerprint}); for a policy built around a model, its name and configuration.
   */
  @Override
  public String identity() {
    return identity;
  }

  /** The answer's tokens (tokenized on their own, as LLaMA-Factory does) and {@code <|im_end|>}. */
  @Override
  public int[] assistantTargetIds(String text) {
    int[] content = tokenizer.encode(text);
    int[] out = Arrays.copyOf(content, content.length + 1);
    out[content.length] = eos;
    return out;
  }

  @Override
  public int eosTokenId() {
    return eos;
  }

  @Override
  public String decode(int[] ids) {
    return tokenizer.decode(ids, true);
  }

  @Override
  public Map<String, NDArray> trainableParameters() {
    return parameters(true);
  }

  @Override
  public Map<String, NDArray> frozenParameters() {
    return parameters(false);
  }

  private Map<String, NDArray> parameters(boolean trainable) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      if (e.getValue().requiresGradient() == trainable) {
        out.put(e.getKey(), e.getValue().getArray());
      }
    }
    return out;
  }

  @Override
  public void save(Path dir) {
    try {
      model.save(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save model to " + dir, e);
    }
  }

  @Override
  public void loadTrainable(Path dir) {
    loadInto(trainableParameters(), dir);
  }

  /**
   * Sets each of {@code params} (checkpoint name to array) to the tensor of the same name in the
   * checkpoint folder {@code dir}, widened to float32.
   *
   * @throws IllegalArgumentException naming the folder and tensor when one is missing or shaped
   *     differently
   */
  public static void loadInto(Map<String, NDArray> params, Path dir) {
    try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(dir)) {
      GradMode.noGrad(
          () -> {
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
              TensorInfo info =
                  ckpt.findWeight(e.getKey())
                      .orElseThrow(() -> new IllegalArgumentException("checkpoint " + dir + " has no tensor " + e.getKey()));
              checkArgument(
                  Arrays.equals(info.shape(), e.getValue().getShape().getShape()),
                  "%s: tensor %s has shape %s, the model expects %s",
                  dir,
                  e.getKey(),
                  Arrays.toString(info.shape()),
                  e.getValue().getShape());
              e.getValue().set(ckpt.float32Bytes(info.name()));
            }
            return null;
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the weights of " + dir, e);
    }
  }

  /** Counts tokens with the policy's tokenizer (no special tokens added): the r_len counter. */
  public TokenCounter tokenCounter() {
    return text -> tokenizer.encode(text.toString()).length;
  }

  @Override
  public void close() {
    model.close();
  }
}
