package org.robustr1.model.qwen;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.robustr1.core.io.FileChecksums;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.device.Devices;
import org.robustr1.model.device.Precision;
import org.robustr1.model.nn.HfBlock;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.safetensors.CheckpointWriter;
import org.robustr1.model.safetensors.DType;
import org.robustr1.model.safetensors.SafetensorsCheckpoint;
import org.robustr1.model.safetensors.SafetensorsFile;
import org.robustr1.model.safetensors.TensorSource;
import org.robustr1.model.tokenizer.QwenTokenizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.robustr1.model.nn.GradMode;

/**
 * Checkpoint I/O of {@link Qwen25VlModel}: building a model from a Hugging Face folder ({@link
 * Loader}), from any {@link TensorSource} or from random weights, on a chosen device and in a chosen
 * precision, and writing one back ({@link #save}); plus the checksums that identify a model in run
 * fingerprints.
 *
 * <p>Weights are read as fp32 (BF16/F16 files are widened in Java) and placed on the device one
 * tensor at a time; for fp16 or bf16 each is narrowed on the device right away, so loading never
 * holds a second full copy of the model.
 */
public final class Qwen25VlCheckpoints {

  private static final Logger LOG = LoggerFactory.getLogger(Qwen25VlCheckpoints.class);

  private Qwen25VlCheckpoints() {}

  /**
   * Loads a Hugging Face checkpoint folder: {@code config.json}, the weights ({@code
   * model.safetensors.index.json} shards, else {@code model.safetensors}), {@code
   * generation_config.json} when present (else the Qwen2.5-VL defaults) and, with a {@code
   * tokenizer.json}, the processor. Made by {@link Qwen25VlModel#loader}.
   */
  public static final class Loader {

    private final Path dir;
    private String weightsFile;
    private boolean refuseNonFinite = true;
    private Device device;
    private Precision precision = Precision.FP32;

    Loader(Path dir) {
      this.dir = requireNonNull(dir, "dir");
    }

    /**
     * Reads the weights from {@code file} (a {@code .safetensors} file or index, relative to the
     * folder unless absolute), e.g. {@code model-bf16.safetensors}; null for the default.
     */
    public Loader optWeightsFile(String file) {
      this.weightsFile = file;
      return this;
    }

    /**
     * With false, weights holding NaN or infinite values are reported as a warning instead of
     * refused with a {@link NonFiniteWeightsException} (default true).
     */
    public Loader optRefuseNonFinite(boolean refuse) {
      this.refuseNonFinite = refuse;
      return this;
    }

    /** The device the weights and every array of the model live on (default {@link Devices#defaultDevice()}). */
    public Loader optDevice(Device device) {
      this.device = device;
      return this;
    }

    /** The precision of the weights and activations (default fp32; fp16 and bf16 for inference). */
    public Loader optPrecision(Precision precision) {
      this.precision = requireNonNull(precision, "precision");
      return this;
    }

    /**
     * Loads the model.
     *
     * @throws NonFiniteWeightsException naming every tensor that holds NaN or infinite values
     * @throws org.robustr1.model.device.GpuUnavailableException when the default device asks for a
     *     GPU that is not visible
     */
    public Qwen25VlModel load() throws IOException {
      Qwen25VlConfig config = Qwen25VlConfig.read(dir);
      GenerationConfig gen = GenerationConfig.read(dir).orElse(GenerationConfig.qwen25Vl());
      Path weights = weightsFile == null ? dir : dir.resolve(weightsFile);
      String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
      Qwen25VlModel model;
      try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(weights)) {
        model = fromTensors(config, ckpt, gen, name, device, precision);
        model.setChecksum(checkpointChecksum(dir, ckpt));
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
  }

  /**
   * A model with random weights: linear and embedding weights from N(0, initializer_range),
   * biases 0, RMSNorm weights 1 (HF's {@code _init_weights}), drawn by PyTorch seeded with {@code
   * seed} on {@code device} (the default device when null).
   */
  public static Qwen25VlModel randomInit(
      Qwen25VlConfig config, long seed, GenerationConfig generation, Device device, Precision precision) {
    Device d = Devices.orDefault(device);
    precision.check(d);
    NDManager m = Devices.newManager(d);
    try {
      Qwen25VlNetwork net = new Qwen25VlNetwork(config);
      Devices.engine().setRandomSeed((int) seed);
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
        HfBlock.setParameterValue(e.getKey(), p, narrow(value, precision), m);
      }
      net.fuseProjections();
      return new Qwen25VlModel(m, net, generation, "random-" + seed);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /**
   * A model with weights from {@code source} on {@code device} (the default device when null) in
   * {@code precision}. Names may use either the original checkpoint spelling ({@code visual.*},
   * {@code model.*}) or the newer one ({@code model.visual.*}, {@code model.language_model.*});
   * with tied embeddings an {@code lm_head.weight} in the source is ignored.
   *
   * @throws org.robustr1.model.safetensors.WeightShapeException (an {@link
   *     IllegalArgumentException}) naming every missing, unexpected or wrongly shaped tensor
   */
  public static Qwen25VlModel fromTensors(
      Qwen25VlConfig config,
      TensorSource source,
      GenerationConfig generation,
      String name,
      Device device,
      Precision precision) {
    source.checkShapes(config);
    Device d = Devices.orDefault(device);
    precision.check(d);
    NDManager m = Devices.newManager(d);
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
        HfBlock.setParameterValue(e.getKey(), e.getValue(), narrow(value, precision), m);
      }
      net.fuseProjections();
      return new Qwen25VlModel(m, net, generation, name);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** {@code value} in {@code precision}: itself for fp32, else a narrowed copy (the fp32 one closed). */
  private static NDArray narrow(NDArray value, Precision precision) {
    if (precision == Precision.FP32) {
      return value;
    }
    NDArray n = value.toType(precision.dataType(), true);
    n.setName(value.getName());
    value.close();
    return n;
  }

  /**
   * The tokenizer and chat-template files {@link #save} copies from the folder of the attached
   * tokenizer when they exist there.
   */
  static final List<String> PROCESSOR_FILES =
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
   * Writes {@code model} as a Hugging Face checkpoint folder (see {@link Qwen25VlModel#save(Path,
   * DType)}); weights held in fp16 or bf16 are widened to fp32 in Java first.
   */
  static List<Path> save(Qwen25VlModel model, Path dir, DType dtype) throws IOException {
    CheckpointWriter w = new CheckpointWriter(model.config()).optDtype(dtype);
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      Parameter p = e.getValue();
      w.putFloats(e.getKey(), p.getShape().getShape(), () -> GradMode.noGrad(() -> floats(p.getArray())));
    }
    Qwen25VlProcessor processor = model.processor().orElse(null);
    if (processor != null) {
      w.optPreprocessor(processor.imageProcessor().config());
    }
    List<Path> written = new ArrayList<>(w.write(dir));
    written.add(writeGenerationConfig(model.generationConfig(), dir));
    if (processor != null) {
      Path tok = processor.tokenizer().file();
      for (String f : PROCESSOR_FILES) {
        Path src = tok.resolveSibling(f);
        Path dst = dir.resolve(f);
        if (Files.isRegularFile(src) && !Files.isSameFile(dir, tok.getParent())) {
          Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
          written.add(dst);
        }
      }
    }
    return written;
  }

  /** The values of {@code a} as fp32 Java floats (copied to the host, widened if needed). */
  static float[] floats(NDArray a) {
    if (a.getDataType() == DataType.FLOAT32) {
      return a.toFloatArray();
    }
    try (NDArray f = a.toType(DataType.FLOAT32, true)) {
      return f.toFloatArray();
    }
  }

  private static Path writeGenerationConfig(GenerationConfig g, Path dir) throws IOException {
    ObjectMapper om = new ObjectMapper();
    ObjectNode n = om.createObjectNode();
    n.put("bos_token_id", g.bosTokenId());
    ArrayNode eos = n.putArray("eos_token_id");
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

  /**
   * A checksum of a loaded checkpoint: SHA-256 over {@code config.json} and the {@link
   * FileChecksums#sampledSha256 sampled} SHA-256 of every weights file.
   */
  static String checkpointChecksum(Path dir, SafetensorsCheckpoint ckpt) throws IOException {
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
   * parameter's name, shape and up to 4096 evenly strided values (as fp32).
   */
  static String parameterChecksum(Map<String, Parameter> params) {
    Hasher h = Hashing.sha256().newHasher();
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      NDArray a = e.getValue().getArray();
      long step = Math.max(1, a.size() / 4096);
      h.putString(e.getKey() + a.getShape(), StandardCharsets.UTF_8);
      try (NDArray flat = a.flatten();
          NDArray sample = flat.get(new NDIndex("::{}", step))) {
        for (float v : floats(sample)) {
          h.putFloat(v);
        }
      }
    }
    return "weights:" + h.hash();
  }
}
