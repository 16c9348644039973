package org.robustr1.model.safetensors;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSortedMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * One memory-mapped {@code .safetensors} file. The header is read and validated on {@link
 * #open(Path)}; tensor data is mapped on demand in segments of at most 1 GiB, so files and tensors
 * larger than 2 GiB work and nothing is copied onto the heap unless asked for.
 *
 * <p>Validation: the header length is at most 100 MB and inside the file, the header is a JSON
 * object, each entry has a known dtype, a non-negative shape and {@code data_offsets} inside the
 * data section, {@code end - begin == numel * sizeof(dtype)}, no two tensors overlap, and {@code
 * __metadata__} holds strings only. Every error names the file and the tensor.
 *
 * <p>Thread-safe for reads.
 */
public final class SafetensorsFile implements TensorSource {

  /** Largest header accepted (the limit of the reference implementation). */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  static final int DEFAULT_SEGMENT_BYTES = 1 << 30;

  private static final ObjectMapper STRICT_JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final ImmutableSortedMap<String, TensorInfo> tensors;
  private final ImmutableMap<String, String> metadata;
  private final int segmentBytes;

  private SafetensorsFile(
      Path path,
      FileChannel channel,
      long dataStart,
      ImmutableSortedMap<String, TensorInfo> tensors,
      ImmutableMap<String, String> metadata,
      int segmentBytes) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
    this.segmentBytes = segmentBytes;
  }

  /**
   * Opens and validates a file.
   *
   * @throws NoSuchFileException when the file does not exist
   * @throws SafetensorsException when the file is truncated or its header is malformed or lies
   */
  public static SafetensorsFile open(Path path) throws IOException {
    return open(path, DEFAULT_SEGMENT_BYTES);
  }

  static SafetensorsFile open(Path path, int segmentBytes) throws IOException {
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "safetensors file not found");
    }
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    try {
      long size = ch.size();
      String name = path.toString();
      if (size < 8) {
        throw new SafetensorsException(
            name + ": file is " + size + " bytes, too short for the 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long n = lenBuf.getLong(0);
      if (n < 2 || n > MAX_HEADER_BYTES) {
        throw new SafetensorsException(
            name + ": header length " + Long.toUnsignedString(n) + " is outside [2, "
                + MAX_HEADER_BYTES + "] (not a safetensors file, or a corrupt one)");
      }
      if (n > size - 8) {
        throw new SafetensorsException(
            name + ": header length " + n + " runs past the end of the file (" + size
                + " bytes; truncated?)");
      }
      ByteBuffer hb = ByteBuffer.allocate((int) n);
      readFully(ch, hb, 8);
      String json = new String(hb.array(), StandardCharsets.UTF_8).strip();
      long dataLen = size - 8 - n;
      Header h = parseHeader(path, json, dataLen);
      return new SafetensorsFile(path, ch, 8 + n, h.tensors, h.metadata, segmentBytes);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private record Header(
      ImmutableSortedMap<String, TensorInfo> tensors, ImmutableMap<String, String> metadata) {}

  private static Header parseHeader(Path path, String json, long dataLen) throws SafetensorsException {
    String file = path.toString();
    JsonNode root;
    try {
      root = STRICT_JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SafetensorsException(file + ": header is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new SafetensorsException(file + ": header must be a JSON object");
    }
    ImmutableSortedMap.Builder<String, TensorInfo> tensors = ImmutableSortedMap.naturalOrder();
    ImmutableMap.Builder<String, String> meta = ImmutableMap.builder();
    List<TensorInfo> all = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      String name = e.getKey();
      JsonNode v = e.getValue();
      if (name.equals("__metadata__")) {
        if (!v.isObject()) {
          throw new SafetensorsException(file + ": __metadata__ must be an object of strings");
        }
        for (Map.Entry<String, JsonNode> m : v.properties()) {
          if (!m.getValue().isTextual()) {
            throw new SafetensorsException(
                file + ": __metadata__." + m.getKey() + " must be a string, got " + m.getValue());
          }
          meta.put(m.getKey(), m.getValue().textValue());
        }
        continue;
      }
      TensorInfo info = parseEntry(path, name, v, dataLen);
      tensors.put(name, info);
      all.add(info);
    }
    all.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    TensorInfo prev = null;
    for (TensorInfo t : all) {
      if (t.byteSize() == 0) {
        continue;
      }
      if (prev != null && t.begin() < prev.end()) {
        throw new SafetensorsException(
            file + ": tensor " + t.name() + " bytes [" + t.begin() + ", " + t.end()
                + ") overlap tensor " + prev.name() + " bytes [" + prev.begin() + ", " + prev.end() + ")");
      }
      prev = t;
    }
    return new Header(tensors.build(), meta.buildKeepingLast());
  }

  private static TensorInfo parseEntry(Path path, String name, JsonNode v, long dataLen)
      throws SafetensorsException {
    String where = path + ": tensor " + name;
    if (!v.isObject()) {
      throw new SafetensorsException(where + ": entry must be an object, got " + v);
    }
    JsonNode dt = v.get("dtype");
    if (dt == null || !dt.isTextual()) {
      throw new SafetensorsException(where + ": missing or non-string dtype");
    }
    DType dtype =
        DType.fromHeader(dt.textValue())
            .orElseThrow(() -> new SafetensorsException(where + ": unknown dtype " + dt));
    JsonNode sh = v.get("shape");
    if (sh == null || !sh.isArray()) {
      throw new SafetensorsException(where + ": missing or non-array shape");
    }
    long[] shape = new long[sh.size()];
    long numel = 1;
    for (int i = 0; i < shape.length; i++) {
      JsonNode d = sh.get(i);
      if (!d.isIntegralNumber() || !d.canConvertToLong() || d.longValue() < 0) {
        throw new SafetensorsException(where + ": shape entry " + i + " is not a non-negative integer: " + d);
      }
      shape[i] = d.longValue();
      try {
        numel = Math.multiplyExact(numel, shape[i]);
      } catch (ArithmeticException ex) {
        throw new SafetensorsException(where + ": shape " + sh + " overflows");
      }
    }
    JsonNode off = v.get("data_offsets");
    if (off == null || !off.isArray() || off.size() != 2) {
      throw new SafetensorsException(where + ": data_offsets must be [begin, end]");
    }
    for (int i = 0; i < 2; i++) {
      if (!off.get(i).isIntegralNumber() || !off.get(i).canConvertToLong() || off.get(i).longValue() < 0) {
        throw new SafetensorsException(where + ": data_offsets " + off + " must be non-negative integers");
      }
    }
    long begin = off.get(0).longValue();
    long end = off.get(1).longValue();
    if (begin > end) {
      throw new SafetensorsException(where + ": data_offsets " + off + " have begin > end");
    }
    if (end > dataLen) {
      throw new SafetensorsException(
          where + ": data_offsets " + off + " end beyond the data section (" + dataLen
              + " bytes; file truncated or header lies)");
    }
    long expected;
    try {
      expected = Math.multiplyExact(numel, dtype.byteSize());
    } catch (ArithmeticException ex) {
      throw new SafetensorsException(where + ": shape " + sh + " overflows");
    }
    if (end - begin != expected) {
      throw new SafetensorsException(
          where + ": " + dtype + " " + sh + " needs " + expected + " bytes but data_offsets "
              + off + " span " + (end - begin));
    }
    return new TensorInfo(name, dtype, shape, begin, end, path);
  }

  private static void readFully(FileChannel ch, ByteBuffer dst, long pos) throws IOException {
    while (dst.hasRemaining()) {
      int r = ch.read(dst, pos + dst.position());
      if (r < 0) {
        throw new SafetensorsException("unexpected end of file");
      }
    }
  }

  /** The file. */
  public Path path() {
    return path;
  }

  @Override
  public String source() {
    return path.toString();
  }

  /** The {@code __metadata__} entries (e.g. {@code format = pt}). */
  public ImmutableMap<String, String> metadata() {
    return metadata;
  }

  /** Every header entry, by name. */
  public ImmutableSortedMap<String, TensorInfo> tensors() {
    return tensors;
  }

  @Override
  public SortedSet<String> names() {
    return tensors.keySet();
  }

  @Override
  public Optional<TensorInfo> find(String name) {
    return Optional.ofNullable(tensors.get(name));
  }

  /** Visits the tensor's bytes in element-aligned, little-endian mapped segments. */
  private void forEachSegment(TensorInfo t, SegmentVisitor visitor) {
    int elem = t.dtype().byteSize();
    long maxSeg = (segmentBytes / elem) * (long) elem;
    long pos = 0;
    long total = t.byteSize();
    try {
      while (pos < total) {
        long len = Math.min(maxSeg, total - pos);
        ByteBuffer seg =
            channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin() + pos, len)
                .order(ByteOrder.LITTLE_ENDIAN);
        visitor.visit(seg, pos / elem, (int) (len / elem));
        pos += len;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot read tensor " + t.name(), e);
    }
  }

  @FunctionalInterface
  private interface SegmentVisitor {
    void visit(ByteBuffer segment, long firstElement, int count);
  }

  private static int checkedInt(TensorInfo t, long n, String what) {
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          t.file() + ": tensor " + t.name() + " " + t.shapeString() + " is too large for " + what);
    }
    return (int) n;
  }

  @Override
  public float[] floats(String name) {
    TensorInfo t = info(name);
    float[] out = new float[checkedInt(t, t.numel(), "a Java float[]")];
    forEachSegment(t, (seg, first, count) -> Widening.toFloats(t, seg, count, out, (int) first));
    return out;
  }

  @Override
  public void readFloats(String name, long fromElement, float[] dst, int dstOffset, int count) {
    TensorInfo t = info(name);
    if (fromElement < 0 || count < 0 || fromElement + count > t.numel()
        || dstOffset < 0 || dstOffset + count > dst.length) {
      throw new IndexOutOfBoundsException(
          path + ": tensor " + name + " range [" + fromElement + ", " + (fromElement + count)
              + ") of " + t.numel() + " elements into " + dst.length + " at " + dstOffset);
    }
    int elem = t.dtype().byteSize();
    long maxCount = segmentBytes / elem;
    int done = 0;
    try {
      while (done < count) {
        int n = (int) Math.min(maxCount, count - done);
        ByteBuffer seg =
            channel.map(
                    FileChannel.MapMode.READ_ONLY,
                    dataStart + t.begin() + (fromElement + done) * elem,
                    (long) n * elem)
                .order(ByteOrder.LITTLE_ENDIAN);
        Widening.toFloats(t, seg, n, dst, dstOffset + done);
        done += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot read tensor " + name, e);
    }
  }

  @Override
  public ByteBuffer float32Bytes(String name) {
    TensorInfo t = info(name);
    int bytes = checkedInt(t, t.numel() * 4, "one float32 ByteBuffer (2 GiB); use floats()");
    ByteBuffer out = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    if (t.dtype() == DType.F32 && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
      forEachSegment(t, (seg, first, count) -> out.put(seg));
    } else {
      java.nio.FloatBuffer fb = out.asFloatBuffer();
      float[] chunk = new float[Math.min(1 << 16, Math.max(1, (int) Math.min(t.numel(), 1 << 16)))];
      forEachSegment(
          t,
          (seg, first, count) -> {
            int done = 0;
            while (done < count) {
              int n = Math.min(chunk.length, count - done);
              ByteBuffer part = seg.duplicate().order(ByteOrder.LITTLE_ENDIAN);
              part.position(done * t.dtype().byteSize());
              Widening.toFloats(t, part.slice().order(ByteOrder.LITTLE_ENDIAN), n, chunk, 0);
              fb.put(chunk, 0, n);
              done += n;
            }
          });
    }
    out.clear();
    return out;
  }

  @Override
  public long[] longs(String name) {
    TensorInfo t = info(name);
    if (t.dtype().isFloating()) {
      throw new IllegalArgumentException(
          path + ": tensor " + name + " is " + t.dtype() + ", not an integer type; use floats()");
    }
    long[] out = new long[checkedInt(t, t.numel(), "a Java long[]")];
    forEachSegment(t, (seg, first, count) -> Widening.toLongs(t, seg, count, out, (int) first));
    return out;
  }

  @Override
  public ByteBuffer rawBytes(String name) {
    TensorInfo t = info(name);
    checkedInt(t, t.byteSize(), "one ByteBuffer (2 GiB)");
    if (t.byteSize() == 0) {
      return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer();
    }
    try {
      return channel
          .map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), t.byteSize())
          .asReadOnlyBuffer()
          .order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot read tensor " + name, e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(path + ": cannot close", e);
    }
  }

  @Override
  public String toString() {
    return "SafetensorsFile[" + path + ", " + tensors.size() + " tensors]";
  }
}
