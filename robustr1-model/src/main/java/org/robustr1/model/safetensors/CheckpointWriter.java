package org.robustr1.model.safetensors;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.robustr1.model.config.PreprocessorConfig;
import org.robustr1.model.config.Qwen25VlConfig;

/**
 * Writes a Hugging Face-compatible Qwen2.5-VL checkpoint directory: {@code config.json} (with
 * {@code torch_dtype} set to the stored float type), optionally {@code preprocessor_config.json},
 * and the weights as {@code model.safetensors} or, above the shard size, as {@code
 * model-0000K-of-0000N.safetensors} plus {@code model.safetensors.index.json}. Python {@code
 * transformers} loads the result with {@code from_pretrained}.
 *
 * <p>By default the tensor names and shapes are checked against the config before anything is
 * written.
 *
 * <pre>{@code
 * new CheckpointWriter(config)
 *     .optDtype(DType.BF16)
 *     .putFloats("model.norm.weight", new long[] {2048}, values)
 *     ...
 *     .write(dir);
 * }</pre>
 */
public final class CheckpointWriter {

  /** Hugging Face's default shard size, 5 GB. */
  public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;

  private final Qwen25VlConfig config;
  private final SafetensorsWriter tensors = new SafetensorsWriter();
  private DType dtype = DType.F32;
  private long maxShardBytes = DEFAULT_MAX_SHARD_BYTES;
  private PreprocessorConfig preprocessor;
  private boolean checkShapes = true;

  /** A writer for a model with this config. */
  public CheckpointWriter(Qwen25VlConfig config) {
    this.config = requireNonNull(config, "config");
  }

  /** The float type weights are stored in: F32 (default), BF16 or F16. */
  public CheckpointWriter optDtype(DType dtype) {
    checkArgument(
        dtype == DType.F32 || dtype == DType.BF16 || dtype == DType.F16,
        "weights can be stored as F32, BF16 or F16, not %s",
        dtype);
    this.dtype = dtype;
    return this;
  }

  /** Largest shard in bytes (a bigger single tensor gets a shard of its own). */
  public CheckpointWriter optMaxShardBytes(long bytes) {
    checkArgument(bytes > 0, "max shard bytes must be > 0, got %s", bytes);
    this.maxShardBytes = bytes;
    return this;
  }

  /** Also writes this {@code preprocessor_config.json}. */
  public CheckpointWriter optPreprocessor(PreprocessorConfig pre) {
    this.preprocessor = requireNonNull(pre, "pre");
    return this;
  }

  /** Whether to check names and shapes against the config before writing (default true). */
  public CheckpointWriter optCheckShapes(boolean check) {
    this.checkShapes = check;
    return this;
  }

  /** Adds a float tensor in the checkpoint dtype. */
  public CheckpointWriter putFloats(String name, long[] shape, float[] data) {
    tensors.putFloats(name, shape, data, dtype);
    return this;
  }

  /** Adds a float tensor whose values are produced while writing (one tensor in memory at a time). */
  public CheckpointWriter putFloats(String name, long[] shape, Supplier<float[]> data) {
    tensors.putFloats(name, shape, data, dtype);
    return this;
  }

  /** Adds a tensor copied unchanged from a source (e.g. an unchanged frozen tower). */
  public CheckpointWriter putCopy(TensorSource source, String name) {
    TensorInfo info = source.info(name);
    if (info.dtype().isFloating()) {
      return putFloats(name, info.shape(), () -> source.floats(name));
    }
    ByteBuffer raw = source.rawBytes(name);
    tensors.putRaw(name, info.dtype(), info.shape(), raw);
    return this;
  }

  /**
   * Writes the checkpoint into {@code dir} (created if needed) and returns the files written.
   *
   * @throws WeightShapeException when shape checking is on and the tensors do not match the config
   */
  public List<Path> write(Path dir) throws IOException {
    requireNonNull(dir, "dir");
    if (checkShapes) {
      List<String> problems =
          ShapeCheck.problems(tensors.shapes(), n -> "checkpoint", config.weightShapes(), dir.toString());
      if (!problems.isEmpty()) {
        throw new WeightShapeException(dir.toString(), problems);
      }
    }
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    String torchDtype =
        switch (dtype) {
          case BF16 -> "bfloat16";
          case F16 -> "float16";
          default -> "float32";
        };
    written.add(config.withTorchDtype(torchDtype).write(dir));
    if (preprocessor != null) {
      written.add(preprocessor.write(dir));
    }
    List<List<SafetensorsWriter.Entry>> shards = new ArrayList<>();
    List<SafetensorsWriter.Entry> cur = new ArrayList<>();
    long curBytes = 0;
    long total = 0;
    for (SafetensorsWriter.Entry e : tensors.entries().values()) {
      long b = e.byteSize();
      if (!cur.isEmpty() && curBytes + b > maxShardBytes) {
        shards.add(cur);
        cur = new ArrayList<>();
        curBytes = 0;
      }
      cur.add(e);
      curBytes += b;
      total += b;
    }
    if (!cur.isEmpty() || shards.isEmpty()) {
      shards.add(cur);
    }
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("format", "pt");
    Files.deleteIfExists(dir.resolve(SafetensorsCheckpoint.INDEX_FILE));
    if (shards.size() == 1) {
      Path f = dir.resolve(SafetensorsCheckpoint.SINGLE_FILE);
      SafetensorsWriter.write(f, meta, shards.get(0));
      written.add(f);
      return written;
    }
    ObjectMapper om = new ObjectMapper();
    ObjectNode index = om.createObjectNode();
    index.putObject("metadata").put("total_size", total);
    ObjectNode map = index.putObject("weight_map");
    int n = shards.size();
    for (int i = 0; i < n; i++) {
      String name = String.format("model-%05d-of-%05d.safetensors", i + 1, n);
      Path f = dir.resolve(name);
      SafetensorsWriter.write(f, meta, shards.get(i));
      written.add(f);
      for (SafetensorsWriter.Entry e : shards.get(i)) {
        map.put(e.name(), name);
      }
    }
    Path idx = dir.resolve(SafetensorsCheckpoint.INDEX_FILE);
    Files.writeString(
        idx, om.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(index) + "\n", StandardCharsets.UTF_8);
    written.add(idx);
    return written;
  }
}
