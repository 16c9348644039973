package org.robustr1.model.safetensors;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.robustr1.core.io.AtomicFiles;

/**
 * Writes a {@code .safetensors} file in the layout of the reference Python writer: compact JSON
 * header with {@code __metadata__} first (default {@code {"format":"pt"}}), tensors sorted by name
 * with contiguous offsets, header padded with spaces to a multiple of 8 bytes, little-endian data.
 * Float data can be stored as F32, BF16 (round to nearest even, as {@code torch.to(bfloat16)}) or
 * F16.
 *
 * <p>Tensor data may be given lazily ({@link Supplier}) so that a large model is converted one
 * tensor at a time while writing.
 */
public final class SafetensorsWriter {

  /** One tensor to write. */
  record Entry(String name, DType dtype, long[] shape, Supplier<float[]> floats, long[] longs, ByteBuffer raw) {
    long numel() {
      long n = 1;
      for (long d : shape) {
        n = Math.multiplyExact(n, d);
      }
      return n;
    }

    long byteSize() {
      return Math.multiplyExact(numel(), dtype.byteSize());
    }
  }

  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final TreeMap<String, Entry> entries = new TreeMap<>();

  /** A writer with metadata {@code {"format":"pt"}}. */
  public SafetensorsWriter() {
    metadata.put("format", "pt");
  }

  /** Adds or replaces a metadata entry. */
  public SafetensorsWriter putMetadata(String key, String value) {
    metadata.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
    return this;
  }

  /** Removes every metadata entry (no {@code __metadata__} is written when empty). */
  public SafetensorsWriter clearMetadata() {
    metadata.clear();
    return this;
  }

  private static long[] checkShape(String name, long[] shape) {
    requireNonNull(shape, "shape");
    for (long d : shape) {
      checkArgument(d >= 0, "tensor %s: negative dimension in %s", name, Arrays.toString(shape));
    }
    return shape.clone();
  }

  private void add(Entry e) {
    checkArgument(!e.name().isEmpty() && !e.name().equals("__metadata__"), "invalid tensor name '%s'", e.name());
    checkArgument(!entries.containsKey(e.name()), "tensor %s added twice", e.name());
    entries.put(e.name(), e);
  }

  /**
   * Adds float data stored as {@code dtype} (F32, BF16 or F16).
   *
   * @throws IllegalArgumentException when the length does not match the shape
   */
  public SafetensorsWriter putFloats(String name, long[] shape, float[] data, DType dtype) {
    requireNonNull(data, "data");
    long[] s = checkShape(name, shape);
    Entry e = new Entry(name, dtype, s, () -> data, null, null);
    checkArgument(
        e.numel() == data.length,
        "tensor %s: %s values do not match shape %s",
        name,
        data.length,
        Arrays.toString(shape));
    return putFloatEntry(e);
  }

  /** Adds float data produced on demand while writing (length checked then). */
  public SafetensorsWriter putFloats(String name, long[] shape, Supplier<float[]> data, DType dtype) {
    requireNonNull(data, "data");
    return putFloatEntry(new Entry(name, dtype, checkShape(name, shape), data, null, null));
  }

  private SafetensorsWriter putFloatEntry(Entry e) {
    checkArgument(
        e.dtype() == DType.F32 || e.dtype() == DType.BF16 || e.dtype() == DType.F16,
        "tensor %s: float data can be stored as F32, BF16 or F16, not %s",
        e.name(),
        e.dtype());
    add(e);
    return this;
  }

  /** Adds int64 data. */
  public SafetensorsWriter putLongs(String name, long[] shape, long[] data) {
    requireNonNull(data, "data");
    Entry e = new Entry(name, DType.I64, checkShape(name, shape), null, data.clone(), null);
    checkArgument(e.numel() == data.length, "tensor %s: %s values do not match shape %s", name, data.length, Arrays.toString(shape));
    add(e);
    return this;
  }

  /** Adds raw little-endian bytes of any dtype (e.g. copied from another file). */
  public SafetensorsWriter putRaw(String name, DType dtype, long[] shape, ByteBuffer bytes) {
    requireNonNull(bytes, "bytes");
    requireNonNull(dtype, "dtype");
    Entry e = new Entry(name, dtype, checkShape(name, shape), null, null, bytes.duplicate());
    checkArgument(
        e.byteSize() == bytes.remaining(),
        "tensor %s: %s bytes do not match %s %s",
        name,
        bytes.remaining(),
        dtype,
        Arrays.toString(shape));
    add(e);
    return this;
  }

  /** Names added so far, sorted. */
  public java.util.SortedSet<String> names() {
    return java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(entries.keySet()));
  }

  /** Shapes added so far, by name. */
  public Map<String, long[]> shapes() {
    Map<String, long[]> m = new TreeMap<>();
    entries.forEach((k, v) -> m.put(k, v.shape().clone()));
    return m;
  }

  /** Total bytes of tensor data. */
  public long dataBytes() {
    long n = 0;
    for (Entry e : entries.values()) {
      n += e.byteSize();
    }
    return n;
  }

  Map<String, Entry> entries() {
    return entries;
  }

  /** Writes the file (via a temporary file renamed into place). */
  public void write(Path file) throws IOException {
    write(file, metadata, entries.values());
  }

  static void write(Path file, Map<String, String> metadata, Iterable<Entry> tensors) throws IOException {
    StringBuilder h = new StringBuilder("{");
    JsonStringEncoder enc = JsonStringEncoder.getInstance();
    boolean first = true;
    if (!metadata.isEmpty()) {
      h.append("\"__metadata__\":{");
      boolean f2 = true;
      for (Map.Entry<String, String> m : metadata.entrySet()) {
        if (!f2) {
          h.append(',');
        }
        f2 = false;
        h.append('"').append(enc.quoteAsString(m.getKey())).append("\":\"")
            .append(enc.quoteAsString(m.getValue())).append('"');
      }
      h.append('}');
      first = false;
    }
    long offset = 0;
    for (Entry e : tensors) {
      if (!first) {
        h.append(',');
      }
      first = false;
      long size = e.byteSize();
      h.append('"').append(enc.quoteAsString(e.name())).append("\":{\"dtype\":\"").append(e.dtype().name())
          .append("\",\"shape\":[");
      for (int i = 0; i < e.shape().length; i++) {
        if (i > 0) {
          h.append(',');
        }
        h.append(e.shape()[i]);
      }
      h.append("],\"data_offsets\":[").append(offset).append(',').append(offset + size).append("]}");
      offset += size;
    }
    h.append('}');
    byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
    int pad = (8 - header.length % 8) % 8;
    ByteBuffer head = ByteBuffer.allocate(8 + header.length + pad).order(ByteOrder.LITTLE_ENDIAN);
    head.putLong(header.length + pad).put(header);
    for (int i = 0; i < pad; i++) {
      head.put((byte) ' ');
    }
    head.flip();

    AtomicFiles.write(file, tmp -> {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        writeAll(ch, head);
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : tensors) {
          writeData(ch, buf, e);
        }
      }
    });
  }

  private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static void flush(FileChannel ch, ByteBuffer buf) throws IOException {
    buf.flip();
    writeAll(ch, buf);
    buf.clear();
  }

  private static void writeData(FileChannel ch, ByteBuffer buf, Entry e) throws IOException {
    if (e.raw() != null) {
      writeAll(ch, e.raw().duplicate());
      return;
    }
    if (e.longs() != null) {
      for (long v : e.longs()) {
        if (buf.remaining() < 8) {
          flush(ch, buf);
        }
        buf.putLong(v);
      }
      flush(ch, buf);
      return;
    }
    float[] data = e.floats().get();
    if (data == null || data.length != e.numel()) {
      throw new IllegalArgumentException(
          "tensor " + e.name() + ": supplier gave " + (data == null ? "null" : data.length + " values")
              + " for shape " + Arrays.toString(e.shape()));
    }
    for (float v : data) {
      if (buf.remaining() < 4) {
        flush(ch, buf);
      }
      switch (e.dtype()) {
        case F32 -> buf.putFloat(v);
        case BF16 -> buf.putShort(floatToBf16(v));
        case F16 -> buf.putShort(floatToF16(v));
        default -> throw new IllegalStateException(e.dtype().name());
      }
    }
    flush(ch, buf);
  }

  /** float32 to bfloat16 bits, round to nearest even (NaN stays a quiet NaN), as PyTorch does. */
  public static short floatToBf16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x0040);
    }
    return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
  }

  /** float32 to IEEE half bits, round to nearest even, overflow to infinity. */
  public static short floatToF16(float f) {
    int bits = Float.floatToRawIntBits(f);
    int sign = (bits >>> 16) & 0x8000;
    int exp = (bits >>> 23) & 0xFF;
    int mant = bits & 0x7FFFFF;
    if (exp == 0xFF) {
      return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
    }
    int e = exp - 127 + 15;
    if (e >= 0x1F) {
      return (short) (sign | 0x7C00);
    }
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      int m = mant | 0x800000;
      int shift = 14 - e;
      int half = m >>> shift;
      int rem = m & ((1 << shift) - 1);
      int mid = 1 << (shift - 1);
      if (rem > mid || (rem == mid && (half & 1) == 1)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rem = mant & 0x1FFF;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) == 1)) {
      half++;
    }
    return (short) (sign | half);
  }
}
