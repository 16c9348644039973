package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.robustr1.core.io.RunFingerprint;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.device.Devices;
import org.robustr1.model.device.Precision;
import org.robustr1.model.generate.TokenListener;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.processor.ModelInputs;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.safetensors.DType;
import org.robustr1.model.safetensors.TensorSource;
import org.robustr1.model.tokenizer.QwenTokenizer;
import org.robustr1.model.tokenizer.SftEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Qwen2.5-VL on DJL (PyTorch engine): the in-process {@link VisionLanguageModel} and the entry
 * points trainers need. It holds the weights ({@link Qwen25VlNetwork}) on one device and hands the
 * work to focused types: checkpoint I/O ({@link Qwen25VlCheckpoints}), teacher-forced scoring
 * ({@link Qwen25VlScorer}) and generation ({@link Qwen25VlGenerator}).
 *
 * <h2>Building</h2>
 *
 * {@link #load(Path)} reads a Hugging Face checkpoint directory ({@link #loader} for the device,
 * the precision and the other options), {@link #randomInit} builds random weights from a config
 * (tests, benchmarks), {@link #fromTensors} takes weights from any {@link TensorSource}; {@link
 * #save} writes a checkpoint back. Without a device the process default is used ({@link
 * Devices#defaultDevice()}: the first GPU when one is visible, else the CPU); every array the model
 * creates lives on its device.
 *
 * <h2>Trainer contract</h2>
 *
 * <ul>
 *   <li>The vision tower and merger are frozen by default ({@link #setVisionFrozen}): their
 *       parameters do not require gradients and are absent from {@link #trainableParameters()},
 *       so an optimizer fed with that list cannot change them.
 *   <li>{@link #encode} computes the vision features once per prompt; {@link #logProbs} reuses
 *       them for any number of completions (GRPO groups). With an unfrozen tower, encode inside the
 *       same {@code GradientCollector} as the loss, once per step.
 *   <li>{@link #logProbs} and {@link #sftLoss} run in the caller's grad mode: inside a {@code
 *       GradientCollector} the result carries a graph to the trainable weights; outside (old-policy
 *       or reference log-probs) wrap the call in {@link GradMode#noGrad}. PyTorch's grad mode is
 *       per thread and DJL switches it off only on the thread that loaded the engine: call {@code
 *       GradMode.set(false)} at the start of every worker thread.
 *   <li>DJL's {@code GradientCollector} allows one per JVM; {@link
 *       org.robustr1.model.nn.ThreadGradientCollector} allows one per thread, so two models may
 *       train on two threads. Gradients accumulate across backward calls until an optimizer update
 *       (or the trainer) zeroes them.
 *   <li>Scoring and training need fp32 weights ({@link Precision#FP32}, the default); fp16 and
 *       bf16 models generate.
 *   <li>Generation always runs without grad and releases its native memory per decode step.
 *   <li>Results are attached to the manager passed in (or the model's manager); close them.
 *   <li>A model instance is not thread-safe; use one per thread (weights can be shared only for
 *       read-only inference with external synchronisation).
 * </ul>
 */
public final class Qwen25VlModel implements VisionLanguageModel {

  private final NDManager manager;
  private final Qwen25VlNetwork net;
  private final Qwen25VlConfig config;
  private final GenerationConfig generationConfig;
  private final String name;
  private final Qwen25VlScorer scorer;
  private final Qwen25VlGenerator generator;
  private Qwen25VlProcessor processor;
  private boolean visionFrozen;
  /** The checkpoint's checksum when loaded from files, else null. */
  private String checksum;

  Qwen25VlModel(NDManager manager, Qwen25VlNetwork net, GenerationConfig generationConfig, String name) {
    this.manager = manager;
    this.net = net;
    this.config = net.config();
    this.generationConfig = generationConfig;
    this.name = name;
    this.scorer = new Qwen25VlScorer(net, manager, generationConfig);
    this.generator = new Qwen25VlGenerator(net, manager, generationConfig);
    setVisionFrozen(true);
  }

  // ------------------------------------------------------------------------------------------
  // construction

  /** {@link #randomInit(Qwen25VlConfig, long, GenerationConfig, Device)} on the default device. */
  public static Qwen25VlModel randomInit(Qwen25VlConfig config, long seed) {
    return randomInit(config, seed, GenerationConfig.qwen25Vl());
  }

  /** {@link #randomInit(Qwen25VlConfig, long, GenerationConfig, Device)} on the default device. */
  public static Qwen25VlModel randomInit(
      Qwen25VlConfig config, long seed, GenerationConfig generation) {
    return randomInit(config, seed, generation, null);
  }

  /**
   * A model with random fp32 weights on {@code device} (the default device when null): linear and
   * embedding weights from N(0, initializer_range), biases 0, RMSNorm weights 1 (HF's {@code
   * _init_weights}), drawn by PyTorch seeded with {@code seed}; explicit generation defaults (stop
   * ids). {@link Qwen25VlCheckpoints#randomInit} also takes a precision.
   */
  public static Qwen25VlModel randomInit(
      Qwen25VlConfig config, long seed, GenerationConfig generation, Device device) {
    return Qwen25VlCheckpoints.randomInit(config, seed, generation, device, Precision.FP32);
  }

  /**
   * A model with fp32 weights from {@code source} on the default device (see {@link
   * Qwen25VlCheckpoints#fromTensors} for the device, the precision and the accepted names).
   *
   * @throws org.robustr1.model.safetensors.WeightShapeException (an {@link
   *     IllegalArgumentException}) naming every missing, unexpected or wrongly shaped tensor
   */
  public static Qwen25VlModel fromTensors(
      Qwen25VlConfig config, TensorSource source, GenerationConfig generation, String name) {
    return Qwen25VlCheckpoints.fromTensors(config, source, generation, name, null, Precision.FP32);
  }

  /**
   * A loader of the Hugging Face checkpoint folder {@code dir} with options: {@code
   * Qwen25VlModel.loader(dir).optDevice(Device.gpu()).optPrecision(Precision.FP16).load()}.
   */
  public static Qwen25VlCheckpoints.Loader loader(Path dir) {
    return new Qwen25VlCheckpoints.Loader(dir);
  }

  /**
   * Loads a Hugging Face checkpoint directory in fp32 on the default device: {@code config.json},
   * the weights ({@code model.safetensors.index.json} shards, else {@code model.safetensors} by
   * name), {@code generation_config.json} when present (else the Qwen2.5-VL defaults).
   */
  public static Qwen25VlModel load(Path dir) throws IOException {
    return loader(dir).load();
  }

  /** {@link #load(Path)} onto {@code device}. */
  public static Qwen25VlModel load(Path dir, Device device) throws IOException {
    return loader(dir).optDevice(device).load();
  }

  /**
   * Like {@link #load(Path)}, reading the weights from {@code weightsFile} (a {@code .safetensors}
   * file or index, relative to {@code dir} unless absolute) instead, e.g. {@code
   * model-bf16.safetensors}; null for the default.
   *
   * @throws NonFiniteWeightsException naming every tensor that holds NaN or infinite values
   */
  public static Qwen25VlModel load(Path dir, String weightsFile) throws IOException {
    return loader(dir).optWeightsFile(weightsFile).load();
  }

  /**
   * Like {@link #load(Path, String)}; with {@code refuseNonFinite} false, weights holding NaN or
   * infinite values are reported as a warning instead of refused.
   */
  public static Qwen25VlModel load(Path dir, String weightsFile, boolean refuseNonFinite) throws IOException {
    return loader(dir).optWeightsFile(weightsFile).optRefuseNonFinite(refuseNonFinite).load();
  }

  void setChecksum(String checksum) {
    this.checksum = checksum;
  }

  /**
   * {@code model} (the name), {@code model_checksum} (of {@code config.json} and the weights files
   * when loaded from a checkpoint, and always a sampled checksum of the weights in memory, so
   * weights trained after loading count as another model) and, with a processor, the image pixel
   * bounds {@code min_pixels} and {@code max_pixels}; {@code dtype} when not fp32.
   */
  @Override
  public RunFingerprint fingerprint() {
    String weights = Qwen25VlCheckpoints.parameterChecksum(namedParameters());
    RunFingerprint.Builder b = RunFingerprint.builder().add("model", name)
        .add("model_checksum", checksum != null ? checksum + "+" + weights : weights);
    if (processor != null) {
      b.add("min_pixels", processor.imageProcessor().config().minPixels());
      b.add("max_pixels", processor.imageProcessor().config().maxPixels());
    }
    if (precision() != Precision.FP32) {
      b.add("dtype", precision().toString());
    }
    return b.build();
  }

  /** {@link #save(Path, DType)} in FP32. */
  public List<Path> save(Path dir) throws IOException {
    return save(dir, DType.F32);
  }

  /**
   * The tokenizer and chat-template files {@link #save} copies from the folder of the attached
   * tokenizer when they exist there.
   */
  public static final List<String> PROCESSOR_FILES = Qwen25VlCheckpoints.PROCESSOR_FILES;

  /**
   * Writes a Hugging Face checkpoint directory that {@link #load} and Python {@code transformers}
   * read: {@code config.json}, the weights ({@code model.safetensors}, sharded above 5 GB) in
   * {@code dtype} (F32, BF16 or F16), {@code generation_config.json}, and, when a processor is
   * attached, {@code preprocessor_config.json} and the processor files found beside its {@code
   * tokenizer.json} ({@link #PROCESSOR_FILES}: tokenizer, chat template, vocabulary and merges, as a
   * published checkpoint carries them). Tied embeddings are written once (no {@code
   * lm_head.weight}).
   *
   * @return the files written
   */
  public List<Path> save(Path dir, DType dtype) throws IOException {
    return Qwen25VlCheckpoints.save(this, dir, dtype);
  }

  // ------------------------------------------------------------------------------------------
  // accessors

  /** The configuration. */
  public Qwen25VlConfig config() {
    return config;
  }

  /** Generation defaults (stop ids, pad id, sampling defaults). */
  public GenerationConfig generationConfig() {
    return generationConfig;
  }

  /** The block tree (names = checkpoint names). */
  public Qwen25VlNetwork network() {
    return net;
  }

  /** The manager that owns the weights. */
  public NDManager manager() {
    return manager;
  }

  /** The device the weights and every array of the model live on. */
  public Device device() {
    return manager.getDevice();
  }

  /** The precision the weights are held in (fp32 unless loaded otherwise). */
  public Precision precision() {
    return Precision.of(net.lmHeadWeight().getDataType());
  }

  /** Every parameter by checkpoint name. */
  public Map<String, Parameter> namedParameters() {
    return net.namedParameters();
  }

  /**
   * The parameters an optimizer should update: all that require gradients (the language model
   * only while the vision tower is frozen), in a stable order.
   */
  public List<Parameter> trainableParameters() {
    List<Parameter> out = new ArrayList<>();
    for (Parameter p : net.namedParameters().values()) {
      if (p.requiresGradient()) {
        out.add(p);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Freezes (true, the default) or unfreezes the vision tower and merger. */
  public void setVisionFrozen(boolean frozen) {
    net.visual().freezeParameters(frozen);
    this.visionFrozen = frozen;
  }

  /** Whether the vision tower and merger are frozen. */
  public boolean isVisionFrozen() {
    return visionFrozen;
  }

  /**
   * Attaches the tokenizer and image processor used by {@link #generate} and {@link
   * #encode(VlmPrompt)}; the model closes it on {@link #close()}. {@link #load} attaches one when
   * the checkpoint has a {@code tokenizer.json}.
   */
  public void setProcessor(Qwen25VlProcessor processor) {
    this.processor = processor;
  }

  /**
   * Bounds the resized image area of the attached processor ({@code min_pixels}, {@code
   * max_pixels}; the checkpoint's {@code preprocessor_config.json} gives the defaults): Qwen's
   * published {@code max_pixels} of 12,845,056 lets a 12-megapixel photo through at full size;
   * lower it to trade detail for memory and time.
   *
   * @throws IllegalStateException without a processor
   * @throws IllegalArgumentException when the bounds are invalid (naming them)
   */
  public void setPixelBounds(long minPixels, long maxPixels) {
    processor = requireProcessor().withPixelBounds(minPixels, maxPixels);
  }

  /** Checks the prompt's images against the attached image processor (size, aspect ratio). */
  @Override
  public void checkPrompt(VlmPrompt prompt) {
    requireProcessor().imageProcessor().check(prompt.images());
  }

  /** The processor (chat template, tokenizer, image processor), if one is attached. */
  public Optional<Qwen25VlProcessor> processor() {
    return Optional.ofNullable(processor);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void close() {
    if (processor != null) {
      processor.close();
    }
    manager.close();
  }

  // ------------------------------------------------------------------------------------------
  // encoding

  /** Vision features {@code [Σ t·h·w / merge², hidden]} for flattened patches of several images. */
  public NDArray imageFeatures(NDArray pixelValues, List<int[]> grids) {
    return net.visual().forward(pixelValues, grids);
  }

  /**
   * Encodes a prompt given as token ids and flattened patches (processor layout).
   *
   * <p>With a frozen tower (or without grad) the vision forward runs in its own {@code NDScope}
   * and only the features survive. With a trainable tower in grad mode the forward is part of the
   * caller's autograd graph, so its intermediate arrays are not closed here (backward may read
   * them); they belong to the model's manager until closed: wrap each training step (encode, loss,
   * backward) in an {@code NDScope}.
   *
   * @param ids token ids with every image's {@code <|image_pad|>} run already expanded
   * @param pixelValues {@code [patches, patchDim]} row-major, or null without images
   * @param grids image grids in prompt order
   */
  public EncodedPrompt encode(int[] ids, float[] pixelValues, List<int[]> grids) {
    checkArgument(ids.length > 0, "the prompt has no tokens");
    RopeIndex rope =
        RopeIndex.compute(
            ids,
            grids,
            config.imageTokenId(),
            config.visionStartTokenId(),
            config.vision().spatialMergeSize());
    if (grids.isEmpty()) {
      return new EncodedPrompt(ids, grids, null, rope);
    }
    requireNonNull(pixelValues, "pixelValues");
    int pd = config.vision().patchDim();
    checkArgument(
        pixelValues.length % pd == 0,
        "pixel_values length %s is not a multiple of the patch size %s",
        pixelValues.length,
        pd);
    NDArray features;
    if (!visionFrozen && GradMode.isEnabled()) {
      // the vision forward is part of the caller's graph: its intermediates must outlive backward,
      // so they stay with the model's manager (or the caller's NDScope, which should wrap each step)
      features = imageFeatures(pixels(pixelValues, pd), grids);
      return new EncodedPrompt(ids, grids, features, rope);
    }
    try (NDScope scope = new NDScope()) {
      features = imageFeatures(pixels(pixelValues, pd), grids);
      NDScope.unregister(features);
    }
    return new EncodedPrompt(ids, grids, features, rope);
  }

  /** Patches {@code [n, patchDim]} on the model's device in the model's precision, torch-owned. */
  private NDArray pixels(float[] pixelValues, int pd) {
    NDArray px = OwnedArrays.owned(manager.create(pixelValues, new Shape(pixelValues.length / pd, pd)));
    DataType dt = net.lmHeadWeight().getDataType();
    return dt == DataType.FLOAT32 ? px : px.toType(dt, false);
  }

  /** Encodes a prompt with the attached processor (chat template, tokenizer, images). */
  public EncodedPrompt encode(VlmPrompt prompt) {
    return encode(requireProcessor().encode(prompt));
  }

  /**
   * Encodes processor output. For an SFT example ({@link Qwen25VlProcessor#encodeForSft}) only the
   * prompt part, the ids before the answer, is encoded; see {@link #sftLoss(NDManager,
   * ModelInputs)}.
   */
  public EncodedPrompt encode(ModelInputs inputs) {
    int[] ids = inputs.inputIds();
    if (inputs.sft().isPresent()) {
      ids = Arrays.copyOf(ids, inputs.sft().get().assistantStart());
    }
    return encode(ids, inputs.hasImages() ? inputs.images().pixelValues() : null, inputs.images().gridArrays());
  }

  private Qwen25VlProcessor requireProcessor() {
    checkState(
        processor != null,
        "model %s has no tokenizer/image processor; load it from a checkpoint directory with"
            + " tokenizer.json, or call setProcessor",
        name);
    return processor;
  }

  // ------------------------------------------------------------------------------------------
  // scoring

  /**
   * Per-token log-probabilities of completions after one prompt, {@code [G, Tmax]} (row g,
   * position t = log p(completion_g[t] | prompt, completion_g[:t])); positions past a
   * completion's end hold 0. Runs in the caller's grad mode (see the class notes).
   *
   * @param target the manager the result is attached to
   */
  public NDArray logProbs(NDManager target, EncodedPrompt prompt, List<int[]> completions) {
    NDArray lp = scorer.score(prompt, completions, false);
    lp.attach(target);
    return lp;
  }

  /** {@link #logProbs(NDManager, EncodedPrompt, List)} attached to the model's manager. */
  public NDArray logProbs(EncodedPrompt prompt, List<int[]> completions) {
    return logProbs(manager, prompt, completions);
  }

  /**
   * The SFT loss: mean cross-entropy over all completion (assistant) tokens of all rows, a scalar
   * with a graph when called inside a {@code GradientCollector}.
   */
  public NDArray sftLoss(NDManager target, EncodedPrompt prompt, List<int[]> completions) {
    NDArray loss = scorer.score(prompt, completions, true);
    loss.attach(target);
    return loss;
  }

  /**
   * The SFT loss of one example built by {@link Qwen25VlProcessor#encodeForSft}: mean
   * cross-entropy over its answer span (answer tokens and the closing {@code <|im_end|>}).
   */
  public NDArray sftLoss(NDManager target, ModelInputs example) {
    SftEncoding sft =
        example
            .sft()
            .orElseThrow(() -> new IllegalArgumentException("not an SFT example: no answer span"));
    int[] answer = Arrays.copyOfRange(example.inputIds(), sft.assistantStart(), sft.assistantEnd());
    try (EncodedPrompt prompt = encode(example)) {
      return sftLoss(target, prompt, List.of(answer));
    }
  }

  /**
   * Memory-bounded teacher-forced log-probabilities of completions after one prompt, for training
   * at long completion lengths: the log-softmax over the vocabulary runs over {@link
   * ScoringOptions#chunkTokens()} positions at a time, never over {@code [G, T, vocab]} logits, and
   * with {@link ScoringOptions#gradientCheckpointing()} only each decoder layer's input is kept.
   * In grad mode (inside a {@code GradientCollector}) {@link CompletionScores#logProbs()} is a leaf:
   * build the loss on it, run the collector's backward, then {@link CompletionScores#backward()}
   * carries the gradient into the weights. Close the result after its backward.
   */
  public CompletionScores score(EncodedPrompt prompt, List<int[]> completions, ScoringOptions options) {
    return scorer.score(prompt, completions, options);
  }

  /**
   * {@link #score(EncodedPrompt, List, ScoringOptions)} of completion r after prompt r, all in one
   * pass: the prompts left-padded to the longest (padding masked out, as batched generation pads),
   * the completions right-padded. A micro-batch of SFT samples, each with its own image, costs one
   * pass through the decoder instead of one per sample; the log-probs equal the per-prompt ones up
   * to float rounding. Row r of the result belongs to prompt r.
   *
   * @throws IllegalArgumentException when the lists differ in size
   */
  public CompletionScores scoreEach(List<EncodedPrompt> prompts, List<int[]> completions, ScoringOptions options) {
    return scorer.scoreEach(prompts, completions, options);
  }

  /**
   * The logits {@code [S, vocab]} at every position of one prompt, in fp32 whatever the model's
   * precision, computed without grad and attached to {@code target}: what Hugging Face's forward
   * returns for the same unpadded prompt (for parity checks across devices and precisions).
   */
  public NDArray promptLogits(NDManager target, EncodedPrompt prompt) {
    return GradMode.noGrad(
        () -> {
          try (NDScope scope = new NDScope()) {
            int s = prompt.length();
            long[][] row = {Arrays.stream(prompt.rawIds()).asLongStream().toArray()};
            int[][][] pos = new int[3][1][];
            for (int a = 0; a < 3; a++) {
              pos[a][0] = prompt.rope().positions()[a];
            }
            boolean[][] keys = new boolean[1][s];
            Arrays.fill(keys[0], true);
            NDArray hidden = net.decode(manager, net.inputEmbeddings(manager, row, prompt.features()), pos, keys, null, null);
            NDArray logits = net.logits(hidden).reshape(s, -1);
            NDArray out = logits.getDataType() == DataType.FLOAT32 ? logits : logits.toType(DataType.FLOAT32, false);
            NDScope.unregister(out);
            out.attach(target);
            return out;
          }
        });
  }

  // ------------------------------------------------------------------------------------------
  // generation

  /** Token ids produced for one prompt, with the log-probability of each. */
  public record GeneratedIds(int[] promptIds, int[] tokenIds, float[] logProbs) {}

  @Override
  public List<Generation> generate(List<VlmPrompt> prompts, SamplingConfig sampling) {
    return generate(prompts, sampling, null);
  }

  /**
   * {@link #generate(List, SamplingConfig)} with a listener that sees every token as it is
   * generated and may end a row early (its output then stops after that token).
   *
   * @param listener the listener, or null
   */
  public List<Generation> generate(List<VlmPrompt> prompts, SamplingConfig sampling, TokenListener listener) {
    Qwen25VlProcessor proc = requireProcessor();
    List<EncodedPrompt> enc = new ArrayList<>();
    try {
      GradMode.noGrad(
          () -> {
            for (VlmPrompt p : prompts) {
              enc.add(encode(p));
            }
            return null;
          });
      List<GeneratedIds> ids = generateIds(enc, sampling, true, listener);
      List<Generation> out = new ArrayList<>();
      for (GeneratedIds g : ids) {
        out.add(
            new Generation(
                g.promptIds(), g.tokenIds(), proc.tokenizer().decode(g.tokenIds(), true), g.logProbs()));
      }
      return out;
    } finally {
      for (EncodedPrompt e : enc) {
        e.close();
      }
    }
  }

  /**
   * Generates from encoded prompts, batched with left padding, stopping a row at any stop id of
   * the generation config (the stop id is included in its output).
   *
   * @param useCache false recomputes the whole sequence at every step (for testing the cache)
   */
  public List<GeneratedIds> generateIds(
      List<EncodedPrompt> prompts, SamplingConfig sampling, boolean useCache) {
    return generateIds(prompts, sampling, useCache, null);
  }

  /**
   * {@link #generateIds(List, SamplingConfig, boolean)} with a listener that sees every token as it
   * is generated and may end a row early; the generation stops when every row has ended.
   *
   * @param listener the listener, or null
   */
  public List<GeneratedIds> generateIds(
      List<EncodedPrompt> prompts, SamplingConfig sampling, boolean useCache, TokenListener listener) {
    return generator.generate(prompts, sampling, useCache, listener);
  }
}
