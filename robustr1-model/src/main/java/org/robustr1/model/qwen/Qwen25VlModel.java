package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.robustr1.core.io.FileChecksums;
import org.robustr1.core.io.RunFingerprint;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.generate.AttentionCache;
import org.robustr1.model.generate.KvCache;
import org.robustr1.model.generate.TensorSampler;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.nn.HfBlock;
import org.robustr1.model.processor.GridThw;
import org.robustr1.model.processor.ModelInputs;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.safetensors.CheckpointWriter;
import org.robustr1.model.safetensors.DType;
import org.robustr1.model.safetensors.SafetensorsCheckpoint;
import org.robustr1.model.safetensors.SafetensorsFile;
import org.robustr1.model.safetensors.TensorSource;
import org.robustr1.model.tokenizer.QwenTokenizer;
import org.robustr1.model.tokenizer.SftEncoding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Qwen2.5-VL on DJL (PyTorch engine, FP32): the in-process {@link VisionLanguageModel} and the
 * entry points trainers need.
 *
 * <h2>Building</h2>
 *
 * {@link #load} reads a Hugging Face checkpoint directory, {@link #randomInit} builds random
 * weights from a config (tests, benchmarks), {@link #fromTensors} takes weights from any {@link
 * TensorSource}; {@link #save} writes a checkpoint back.
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
 *   <li>Only one {@code GradientCollector} may be open per JVM; gradients accumulate across
 *       backward calls until an optimizer update (or the trainer) zeroes them.
 *   <li>Generation always runs without grad and releases its native memory per decode step.
 *   <li>Results are attached to the manager passed in (or the model's manager); close them.
 *   <li>A model instance is not thread-safe; use one per thread (weights can be shared only for
 *       read-only inference with external synchronisation).
 * </ul>
 */
public final class Qwen25VlModel implements VisionLanguageModel {

  private static final Logger LOG = LoggerFactory.getLogger(Qwen25VlModel.class);

  private final NDManager manager;
  private final Qwen25VlNetwork net;
  private final Qwen25VlConfig config;
  private final GenerationConfig generationConfig;
  private final String name;
  private Qwen25VlProcessor processor;
  private boolean visionFrozen;
  /** The checkpoint's checksum when loaded from files, else null. */
  private String checksum;

  private Qwen25VlModel(
      NDManager manager, Qwen25VlNetwork net, GenerationConfig generationConfig, String name) {
    this.manager = manager;
    this.net = net;
    this.config = net.config();
    this.generationConfig = generationConfig;
    this.name = name;
    setVisionFrozen(true);
  }

  // ------------------------------------------------------------------------------------------
  // construction

  /**
   * A model with random weights: linear and embedding weights from N(0, initializer_range),
   * biases 0, RMSNorm weights 1 (HF's {@code _init_weights}), drawn by PyTorch seeded with {@code
   * seed}.
   */
  public static Qwen25VlModel randomInit(Qwen25VlConfig config, long seed) {
    return randomInit(config, seed, GenerationConfig.qwen25Vl());
  }

  /** {@link #randomInit(Qwen25VlConfig, long)} with explicit generation defaults (stop ids). */
  public static Qwen25VlModel randomInit(
      Qwen25VlConfig config, long seed, GenerationConfig generation) {
    NDManager m = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
    try {
      Qwen25VlNetwork net = new Qwen25VlNetwork(config);
      Engine.getEngine("PyTorch").setRandomSeed((int) seed);
      float std = (float) config.text().initializerRange();
      for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
        Parameter p = e.getValue();
        NDArray value;
        switch (p.getType()) {
          case GAMMA:
            value = m.ones(p.getShape(), DataType.FLOAT32);
            break;
          case BIAS:
            value = m.zeros(p.getShape(), DataType.FLOAT32);
            break;
          default:
            value = m.randomNormal(0f, std, p.getShape(), DataType.FLOAT32);
        }
        HfBlock.setParameterValue(e.getKey(), p, value, m);
      }
      net.fuseProjections();
      return new Qwen25VlModel(m, net, generation, "random-" + seed);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /**
   * A model with weights from {@code source} (a safetensors file or checkpoint). Names may use
   * either the original checkpoint spelling ({@code visual.*}, {@code model.*}) or the newer one
   * ({@code model.visual.*}, {@code model.language_model.*}); BF16/F16 tensors are widened to FP32.
   * With tied embeddings an {@code lm_head.weight} in the source is ignored.
   *
   * @throws org.robustr1.model.safetensors.WeightShapeException (an {@link
   *     IllegalArgumentException}) naming every missing, unexpected or wrongly shaped tensor
   */
  public static Qwen25VlModel fromTensors(
      Qwen25VlConfig config, TensorSource source, GenerationConfig generation, String name) {
    source.checkShapes(config);
    NDManager m = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice(), "PyTorch");
    try {
      Qwen25VlNetwork net = new Qwen25VlNetwork(config);
      for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
        String stored =
            source
                .findWeight(e.getKey())
                .orElseThrow(
                    () -> new IllegalArgumentException(source.source() + ": missing tensor " + e.getKey()))
                .name();
        NDArray value = source.toNDArray(m, stored);
        HfBlock.setParameterValue(e.getKey(), e.getValue(), value, m);
      }
      net.fuseProjections();
      return new Qwen25VlModel(m, net, generation, name);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /**
   * Loads a Hugging Face checkpoint directory: {@code config.json}, the weights ({@code
   * model.safetensors.index.json} shards, else {@code model.safetensors} by name), {@code
   * generation_config.json} when present (else the Qwen2.5-VL defaults).
   */
  public static Qwen25VlModel load(Path dir) throws IOException {
    return load(dir, null);
  }

  /**
   * Like {@link #load(Path)}, reading the weights from {@code weightsFile} (a {@code .safetensors}
   * file or index, relative to {@code dir} unless absolute) instead, e.g. {@code
   * model-bf16.safetensors}; null for the default.
   *
   * @throws NonFiniteWeightsException naming every tensor that holds NaN or infinite values
   */
  public static Qwen25VlModel load(Path dir, String weightsFile) throws IOException {
    return load(dir, weightsFile, true);
  }

  /**
   * Like {@link #load(Path, String)}; with {@code refuseNonFinite} false, weights holding NaN or
   * infinite values are reported as a warning instead of refused.
   */
  public static Qwen25VlModel load(Path dir, String weightsFile, boolean refuseNonFinite) throws IOException {
    Qwen25VlConfig config = Qwen25VlConfig.read(dir);
    GenerationConfig gen = GenerationConfig.read(dir).orElse(GenerationConfig.qwen25Vl());
    Path weights = weightsFile == null ? dir : dir.resolve(weightsFile);
    Qwen25VlModel model;
    try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(weights)) {
      model = fromTensors(config, ckpt, gen, dir.getFileName() == null ? dir.toString() : dir.getFileName().toString());
      model.checksum = checkpointChecksum(dir, ckpt);
    }
    ImmutableList<String> bad = NonFiniteWeightsException.scan(model.namedParameters());
    if (!bad.isEmpty()) {
      NonFiniteWeightsException e = new NonFiniteWeightsException(weights.toString(), bad);
      if (refuseNonFinite) {
        model.close();
        throw e;
      }
      LOG.warn("{}", e.getMessage());
    }
    if (Files.isRegularFile(dir.resolve(QwenTokenizer.FILE_NAME))) {
      try {
        model.setProcessor(Qwen25VlProcessor.load(dir));
      } catch (IOException | RuntimeException e) {
        model.close();
        throw e;
      }
    }
    return model;
  }

  /**
   * A checksum of a loaded checkpoint: SHA-256 over {@code config.json} and the {@link
   * FileChecksums#sampledSha256 sampled} SHA-256 of every weights file.
   */
  private static String checkpointChecksum(Path dir, SafetensorsCheckpoint ckpt) throws IOException {
    Hasher h = Hashing.sha256().newHasher();
    Path config = dir.resolve("config.json");
    if (Files.isRegularFile(config)) {
      h.putString(FileChecksums.sha256(config), StandardCharsets.UTF_8);
    }
    for (SafetensorsFile f : ckpt.files().values()) {
      h.putString(f.path().getFileName() + "=" + FileChecksums.sampledSha256(f.path()), StandardCharsets.UTF_8);
    }
    return h.hash().toString();
  }

  /**
   * A checksum of weights in memory (random, trained, or changed since loading): SHA-256 over each
   * parameter's name, shape and up to 4096 evenly strided values.
   */
  private String parameterChecksum() {
    Hasher h = Hashing.sha256().newHasher();
    for (Map.Entry<String, Parameter> e : namedParameters().entrySet()) {
      NDArray a = e.getValue().getArray();
      long step = Math.max(1, a.size() / 4096);
      h.putString(e.getKey() + a.getShape(), StandardCharsets.UTF_8);
      try (NDArray flat = a.flatten();
          NDArray sample = flat.get(new NDIndex("::{}", step))) {
        for (float v : sample.toFloatArray()) {
          h.putFloat(v);
        }
      }
    }
    return "weights:" + h.hash();
  }

  /**
   * {@code model} (the name), {@code model_checksum} (of {@code config.json} and the weights files
   * when loaded from a checkpoint, and always a sampled checksum of the weights in memory, so
   * weights trained after loading count as another model) and, with a processor, the image pixel
   * bounds {@code min_pixels} and {@code max_pixels}.
   */
  @Override
  public RunFingerprint fingerprint() {
    RunFingerprint.Builder b = RunFingerprint.builder().add("model", name)
        .add("model_checksum", checksum != null ? checksum + "+" + parameterChecksum() : parameterChecksum());
    if (processor != null) {
      b.add("min_pixels", processor.imageProcessor().config().minPixels());
      b.add("max_pixels", processor.imageProcessor().config().maxPixels());
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
  public static final List<String> PROCESSOR_FILES =
      List.of(
          QwenTokenizer.FILE_NAME,
          "tokenizer_config.json",
          "chat_template.json",
          "chat_template.jinja",
          "vocab.json",
          "merges.txt",
          "special_tokens_map.json",
          "added_tokens.json");

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
    CheckpointWriter w = new CheckpointWriter(config).optDtype(dtype);
    for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
      Parameter p = e.getValue();
      w.putFloats(e.getKey(), p.getShape().getShape(), () -> GradMode.noGrad(() -> p.getArray().toFloatArray()));
    }
    if (processor != null) {
      w.optPreprocessor(processor.imageProcessor().config());
    }
    List<Path> written = new ArrayList<>(w.write(dir));
    written.add(writeGenerationConfig(dir));
    if (processor != null) {
      Path tok = processor.tokenizer().file();
      for (String f : PROCESSOR_FILES) {
        Path src = tok.resolveSibling(f);
        Path dst = dir.resolve(f);
        if (Files.isRegularFile(src) && !Files.isSameFile(dir, tok.getParent())) {
          Files.copy(src, dst, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          written.add(dst);
        }
      }
    }
    return written;
  }

  private Path writeGenerationConfig(Path dir) throws IOException {
    GenerationConfig g = generationConfig;
    com.fasterxml.jackson.databind.ObjectMapper om = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode n = om.createObjectNode();
    n.put("bos_token_id", g.bosTokenId());
    com.fasterxml.jackson.databind.node.ArrayNode eos = n.putArray("eos_token_id");
    g.eosTokenIds().forEach(eos::add);
    n.put("pad_token_id", g.padTokenId());
    n.put("do_sample", g.doSample());
    n.put("temperature", g.temperature());
    n.put("top_k", g.topK());
    n.put("top_p", g.topP());
    n.put("repetition_penalty", g.repetitionPenalty());
    Path file = dir.resolve(GenerationConfig.FILE_NAME);
    Files.writeString(file, om.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n");
    return file;
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
      NDArray px = OwnedArrays.owned(manager.create(pixelValues, new Shape(pixelValues.length / pd, pd)));
      features = imageFeatures(px, grids);
      return new EncodedPrompt(ids, grids, features, rope);
    }
    try (NDScope scope = new NDScope()) {
      NDArray px = OwnedArrays.owned(manager.create(pixelValues, new Shape(pixelValues.length / pd, pd)));
      features = imageFeatures(px, grids);
      NDScope.unregister(features);
    }
    return new EncodedPrompt(ids, grids, features, rope);
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
    List<int[]> grids = new ArrayList<>();
    for (GridThw g : inputs.images().grids()) {
      grids.add(new int[] {g.t(), g.h(), g.w()});
    }
    return encode(ids, inputs.hasImages() ? inputs.images().pixelValues() : null, grids);
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
    Scored s = score(prompt, completions, false);
    s.logProbs.attach(target);
    return s.logProbs;
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
    Scored s = score(prompt, completions, true);
    s.logProbs.attach(target);
    return s.logProbs;
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

  private static final class Scored {
    final NDArray logProbs;

    Scored(NDArray logProbs) {
      this.logProbs = logProbs;
    }
  }

  private Scored score(EncodedPrompt prompt, List<int[]> completions, boolean meanNll) {
    TeacherForcing tf = TeacherForcing.of(prompt, completions, config.text().vocabSize(), generationConfig.padTokenId());
    if (!GradMode.isEnabled()) {
      // without a graph to keep, the log-probs come chunk by chunk, never as [G, T, vocab] logits
      try (CompletionScores cs = new CompletionScores(net, manager, tf, prompt.features(), ScoringOptions.defaults())) {
        NDArray out = cs.logProbs().duplicate();
        if (meanNll) {
          NDArray lp = out;
          out = lp.sum().neg().div(OwnedArrays.scalarLike(lp, tf.total));
          lp.close();
        }
        out.attach(manager);
        return new Scored(out);
      }
    }
    try (NDScope scope = new NDScope()) {
      NDArray logits = net.logits(tf.hidden(net, manager, prompt.features()));
      NDArray tgt = OwnedArrays.owned(manager.create(tf.targets, new Shape(tf.g, tf.tmax, 1)));
      NDArray lp = logits.logSoftmax(-1).gather(tgt, -1).squeeze(-1);
      NDArray mask = OwnedArrays.owned(manager.create(tf.valid, new Shape(tf.g, tf.tmax)));
      NDArray out = lp.mul(mask);
      if (meanNll) {
        out = out.sum().neg().div(OwnedArrays.scalarLike(out, tf.total));
      }
      NDScope.unregister(out);
      return new Scored(out);
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
    TeacherForcing tf = TeacherForcing.of(prompt, completions, config.text().vocabSize(), generationConfig.padTokenId());
    return new CompletionScores(net, manager, tf, prompt.features(), options);
  }

  // ------------------------------------------------------------------------------------------
  // generation

  /** Token ids produced for one prompt, with the log-probability of each. */
  public record GeneratedIds(int[] promptIds, int[] tokenIds, float[] logProbs) {}

  @Override
  public List<Generation> generate(List<VlmPrompt> prompts, SamplingConfig sampling) {
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
      List<GeneratedIds> ids = generateIds(enc, sampling, true);
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
    return GradMode.noGrad(() -> generateNoGrad(prompts, sampling, useCache));
  }

  private List<GeneratedIds> generateNoGrad(
      List<EncodedPrompt> prompts, SamplingConfig sampling, boolean useCache) {
    checkArgument(!prompts.isEmpty(), "no prompts");
    int b = prompts.size();
    int maxNew = sampling.maxNewTokens();
    int l = 0;
    for (EncodedPrompt p : prompts) {
      l = Math.max(l, p.length());
    }
    int pad = generationConfig.padTokenId();
    Set<Integer> stops = new java.util.HashSet<>(generationConfig.eosTokenIds());
    int cap = l + maxNew;
    long[][] ids = new long[b][cap];
    boolean[][] keys = new boolean[b][cap];
    int[][][] pos = new int[3][b][cap];
    int[] delta = new int[b];
    List<NDArray> feats = new ArrayList<>();
    for (int r = 0; r < b; r++) {
      EncodedPrompt p = prompts.get(r);
      int off = l - p.length();
      int[] pids = p.rawIds();
      int[][] pp = p.rope().positions();
      for (int j = 0; j < l; j++) {
        if (j < off) {
          ids[r][j] = pad;
          for (int a = 0; a < 3; a++) {
            pos[a][r][j] = 1;
          }
        } else {
          ids[r][j] = pids[j - off];
          keys[r][j] = true;
          for (int a = 0; a < 3; a++) {
            pos[a][r][j] = pp[a][j - off];
          }
        }
      }
      delta[r] = p.rope().ropeDelta(l);
      if (p.features() != null) {
        feats.add(p.features());
      }
    }
    List<List<Integer>> outIds = new ArrayList<>();
    List<List<Float>> outLp = new ArrayList<>();
    for (int r = 0; r < b; r++) {
      outIds.add(new ArrayList<>());
      outLp.add(new ArrayList<>());
    }
    boolean[] done = new boolean[b];
    int[] next = new int[b];
    float[] nextLp = new float[b];
    KvCache cache =
        useCache
            ? new KvCache(
                manager,
                config.text().numHiddenLayers(),
                b,
                config.text().numKeyValueHeads(),
                config.text().headDim(),
                cap)
            : null;
    // the pick runs where the logits are: only the chosen ids (and, for top-k, k + 16 candidates
    // per row) come back to Java
    try (TensorSampler sampler = new TensorSampler(sampling, b, config.text().vocabSize(), manager)) {
      for (int r = 0; r < b; r++) {
        sampler.observe(r, prompts.get(r).rawIds());
      }
      try (NDScope scope = new NDScope()) {
        NDArray f =
            feats.isEmpty()
                ? null
                : feats.size() == 1 ? feats.get(0) : NDArrays.concat(new NDList(feats), 0);
        sampler.pick(lastLogits(slice(ids, 0, l), f, slice(pos, 0, l), slice(keys, l), cache), done, next, nextLp);
      }
      for (int step = 0; step < maxNew; step++) {
        int cur = l + step;
        boolean all = true;
        for (int r = 0; r < b; r++) {
          int tok;
          if (done[r]) {
            tok = pad;
          } else {
            tok = next[r];
            outLp.get(r).add(nextLp[r]);
            outIds.get(r).add(tok);
            sampler.observe(r, tok);
            if (stops.contains(tok)) {
              done[r] = true;
            }
          }
          all &= done[r];
          ids[r][cur] = tok;
          keys[r][cur] = true;
          for (int a = 0; a < 3; a++) {
            pos[a][r][cur] = cur + delta[r];
          }
        }
        if (all || step == maxNew - 1) {
          break;
        }
        try (NDScope scope = new NDScope()) {
          NDArray logits;
          if (useCache) {
            logits = lastLogits(slice(ids, cur, cur + 1), null, slice(pos, cur, cur + 1), slice(keys, cur + 1), cache);
          } else {
            NDArray f =
                feats.isEmpty()
                    ? null
                    : feats.size() == 1 ? feats.get(0) : NDArrays.concat(new NDList(feats), 0);
            logits = lastLogits(slice(ids, 0, cur + 1), f, slice(pos, 0, cur + 1), slice(keys, cur + 1), null);
          }
          sampler.pick(logits, done, next, nextLp);
        }
      }
    } finally {
      if (cache != null) {
        cache.close();
      }
    }
    List<GeneratedIds> out = new ArrayList<>();
    for (int r = 0; r < b; r++) {
      float[] lp = new float[outLp.get(r).size()];
      for (int i = 0; i < lp.length; i++) {
        lp[i] = outLp.get(r).get(i);
      }
      out.add(
          new GeneratedIds(
              prompts.get(r).ids(),
              outIds.get(r).stream().mapToInt(Integer::intValue).toArray(),
              lp));
    }
    return out;
  }

  /** Last-position logits {@code [B, vocab]} of a decoder pass. */
  private NDArray lastLogits(long[][] ids, NDArray feats, int[][][] pos, boolean[][] keys, AttentionCache cache) {
    NDArray emb = net.inputEmbeddings(manager, ids, feats);
    NDArray hidden = net.decode(manager, emb, pos, keys, cache, null);
    long s = hidden.getShape().get(1);
    return net.logits(hidden.get(new NDIndex(":, {}, :", s - 1)));
  }

  private static long[][] slice(long[][] a, int from, int to) {
    long[][] o = new long[a.length][];
    for (int i = 0; i < a.length; i++) {
      o[i] = Arrays.copyOfRange(a[i], from, to);
    }
    return o;
  }

  private static boolean[][] slice(boolean[][] a, int to) {
    boolean[][] o = new boolean[a.length][];
    for (int i = 0; i < a.length; i++) {
      o[i] = Arrays.copyOf(a[i], to);
    }
    return o;
  }

  private static int[][][] slice(int[][][] a, int from, int to) {
    int[][][] o = new int[a.length][a[0].length][];
    for (int x = 0; x < a.length; x++) {
      for (int i = 0; i < a[0].length; i++) {
        o[x][i] = Arrays.copyOfRange(a[x][i], from, to);
      }
    }
    return o;
  }
}
