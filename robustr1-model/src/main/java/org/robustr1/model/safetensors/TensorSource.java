package org.robustr1.model.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import org.robustr1.model.config.Qwen25VlConfig;

/**
 * Named tensors read from safetensors storage: a single {@link SafetensorsFile} or a sharded
 * {@link SafetensorsCheckpoint}. Floating tensors of any on-disk type (F32, F16, BF16, F64) are
 * returned as float32; BF16 widening is exact ({@code bits << 16}).
 */
public interface TensorSource extends AutoCloseable {

  /** A short description for messages: the file or index path. */
  String source();

  /** Every tensor name, sorted. */
  SortedSet<String> names();

  /** The header entry of a tensor, if present. */
  Optional<TensorInfo> find(String name);

  /**
   * The header entry of a tensor.
   *
   * @throws IllegalArgumentException naming the source when the tensor is absent
   */
  default TensorInfo info(String name) {
    return find(name)
        .orElseThrow(() -> new IllegalArgumentException(source() + ": no tensor named " + name));
  }

  /** Whether the tensor is present. */
  default boolean contains(String name) {
    return find(name).isPresent();
  }

  /**
   * The tensor's values as float32 in row-major order, copied onto the heap. Integer types are
   * converted with a cast.
   */
  float[] floats(String name);

  /**
   * Reads {@code count} elements from flat index {@code fromElement} as float32 into {@code dst}
   * at {@code dstOffset}, mapping only that range (for streaming or tensors too large for one
   * array).
   */
  void readFloats(String name, long fromElement, float[] dst, int dstOffset, int count);

  /**
   * The tensor's values as float32 in a direct, native-order buffer of {@code numel * 4} bytes
   * (positioned at 0), ready for {@code NDManager.create(ByteBuffer, Shape, DataType.FLOAT32)}.
   */
  ByteBuffer float32Bytes(String name);

  /** {@link #float32Bytes(String)} viewed as floats. */
  default FloatBuffer floatBuffer(String name) {
    return float32Bytes(name).asFloatBuffer();
  }

  /** The values of an integer or boolean tensor as longs (unsigned types zero-extended). */
  long[] longs(String name);

  /**
   * The raw on-disk bytes (little-endian), read-only; a memory-mapped view when the tensor is
   * under 2 GiB.
   */
  ByteBuffer rawBytes(String name);

  /**
   * The tensor as a DJL array owned by {@code manager}: FLOAT32 for every floating type (BF16 is
   * widened in Java; a BF16 NDArray would abort the JVM), INT64 for I64/I32/I16/U32/U16, INT8,
   * UINT8 and BOOLEAN as themselves. The array is a native copy, independent of Java direct
   * memory.
   */
  default NDArray toNDArray(NDManager manager, String name) {
    TensorInfo info = info(name);
    Shape shape = new Shape(info.shape());
    ByteBuffer buf;
    DataType dt;
    switch (info.dtype()) {
      case I8 -> {
        buf = copyDirect(rawBytes(name));
        dt = DataType.INT8;
      }
      case U8 -> {
        buf = copyDirect(rawBytes(name));
        dt = DataType.UINT8;
      }
      case BOOL -> {
        buf = copyDirect(rawBytes(name));
        dt = DataType.BOOLEAN;
      }
      case I64, I32, I16, U32, U16, U64 -> {
        long[] v = longs(name);
        buf = ByteBuffer.allocateDirect(Math.multiplyExact(v.length, 8)).order(ByteOrder.nativeOrder());
        buf.asLongBuffer().put(v);
        dt = DataType.INT64;
      }
      default -> {
        if (info.numel() * 4 > (1L << 30) && info.shape().length >= 1 && info.shape()[0] > 1) {
          return ChunkedArrays.floatArray(this, manager, info, 1L << 26);
        }
        buf = float32Bytes(name);
        dt = DataType.FLOAT32;
      }
    }
    try (NDArray tmp = manager.create(buf, shape, dt)) {
      NDArray out = tmp.duplicate();
      out.setName(name);
      return out;
    }
  }

  private static ByteBuffer copyDirect(ByteBuffer src) {
    ByteBuffer b = ByteBuffer.allocateDirect(src.remaining()).order(ByteOrder.nativeOrder());
    b.put(src.duplicate());
    b.flip();
    return b;
  }

  /**
   * Checks names and shapes against {@code expected} (e.g. {@link Qwen25VlConfig#weightShapes()}).
   * Names written by newer transformers ({@code model.visual.*}, {@code model.language_model.*})
   * are matched to the original spelling. {@code lm_head.weight} may be present even when not
   * expected (tied embeddings), and rotary {@code inv_freq} buffers are ignored.
   *
   * @throws WeightShapeException listing each missing, unexpected or wrongly shaped tensor, e.g.
   *     {@code model.safetensors: tensor model.layers.0.self_attn.q_proj.weight has shape [32,
   *     32], config implies [64, 32]}
   */
  default void checkShapes(Map<String, long[]> expected) {
    Map<String, long[]> actual = new java.util.TreeMap<>();
    for (String name : names()) {
      actual.put(name, info(name).shape());
    }
    List<String> problems =
        ShapeCheck.problems(
            actual, n -> info(n).file().getFileName().toString(), expected, source());
    if (!problems.isEmpty()) {
      throw new WeightShapeException(source(), problems);
    }
  }

  /** {@link #checkShapes(Map)} with the shapes {@code config} implies. */
  default void checkShapes(Qwen25VlConfig config) {
    checkShapes(config.weightShapes());
  }

  /** Finds a tensor under its original or newer-transformers name (see {@link #checkShapes(Map)}). */
  default Optional<TensorInfo> findWeight(String canonicalName) {
    Optional<TensorInfo> t = find(canonicalName);
    if (t.isPresent()) {
      return t;
    }
    if (canonicalName.startsWith("visual.")) {
      return find("model." + canonicalName);
    }
    if (canonicalName.startsWith("model.")) {
      return find("model.language_model." + canonicalName.substring("model.".length()));
    }
    return Optional.empty();
  }

  @Override
  void close();
}
