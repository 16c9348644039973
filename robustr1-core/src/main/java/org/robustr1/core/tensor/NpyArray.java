package org.robustr1.core.tensor;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An array read from a NumPy {@code .npy} file (format version 1.0, 2.0 or 3.0, C order). Supported
 * dtypes: {@code <f4}, {@code <f8}, {@code <f2}, {@code <i8}, {@code <i4}, {@code <i2}, {@code
 * |i1}, {@code |u1}, {@code |b1} (and big-endian {@code >} variants).
 *
 * <p>Example: {@code float[] logits = NpyArray.read(path).toFloats();}
 */
public final class NpyArray {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private final String source;
  private final String descr;
  private final char kind;
  private final int itemSize;
  private final long[] shape;
  private final ByteBuffer data;

  private NpyArray(String source, String descr, char kind, int itemSize, long[] shape, ByteBuffer data) {
    this.source = source;
    this.descr = descr;
    this.kind = kind;
    this.itemSize = itemSize;
    this.shape = shape;
    this.data = data;
  }

  /**
   * Reads a file.
   *
   * @throws IOException when it cannot be read or is not a supported {@code .npy} file (the message
   *     names the file)
   */
  public static NpyArray read(Path file) throws IOException {
    return parse(Files.readAllBytes(file), file.toString());
  }

  /** Parses the bytes of a {@code .npy} file; {@code source} names it in errors. */
  public static NpyArray parse(byte[] bytes, String source) throws IOException {
    requireNonNull(bytes, "bytes");
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new IOException(source + ": not a .npy file (bad magic)");
    }
    int major = bytes[6] & 0xFF;
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLen;
    int headerStart;
    if (major == 1) {
      headerLen = b.getShort(8) & 0xFFFF;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new IOException(source + ": truncated .npy header");
      }
      headerLen = b.getInt(8) & 0xFFFFFFFFL;
      headerStart = 12;
    } else {
      throw new IOException(source + ": unsupported .npy format version " + major);
    }
    if (headerStart + headerLen > bytes.length) {
      throw new IOException(source + ": header length " + headerLen + " runs past the end of the file");
    }
    String header =
        new String(bytes, headerStart, (int) headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new IOException(source + ": malformed .npy header: " + header.strip());
    }
    if (f.group(1).equals("True")) {
      throw new IOException(source + ": Fortran-order arrays are not supported");
    }
    String descr = d.group(1);
    if (descr.length() < 3) {
      throw new IOException(source + ": unsupported dtype " + descr);
    }
    char order = descr.charAt(0);
    char kind = descr.charAt(1);
    int item;
    try {
      item = Integer.parseInt(descr.substring(2));
    } catch (NumberFormatException e) {
      throw new IOException(source + ": unsupported dtype " + descr, e);
    }
    boolean ok =
        switch (kind) {
          case 'f' -> item == 2 || item == 4 || item == 8;
          case 'i', 'u' -> item == 1 || item == 2 || item == 4 || item == 8;
          case 'b' -> item == 1;
          default -> false;
        };
    if (!ok || (order != '<' && order != '>' && order != '|' && order != '=')) {
      throw new IOException(source + ": unsupported dtype " + descr);
    }
    String dims = s.group(1).strip();
    long[] shape;
    if (dims.isEmpty()) {
      shape = new long[0];
    } else {
      String[] parts = dims.split(",");
      int n = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length;
      shape = new long[n];
      for (int i = 0; i < n; i++) {
        try {
          shape[i] = Long.parseLong(parts[i].strip());
        } catch (NumberFormatException e) {
          throw new IOException(source + ": malformed shape (" + dims + ")", e);
        }
      }
    }
    long numel = 1;
    for (long x : shape) {
      numel *= x;
    }
    long start = headerStart + headerLen;
    long need = numel * item;
    if (bytes.length - start != need) {
      throw new IOException(
          source + ": " + descr + " " + Arrays.toString(shape) + " needs " + need + " data bytes, file has "
              + (bytes.length - start));
    }
    ByteBuffer data =
        ByteBuffer.wrap(bytes, (int) start, (int) need)
            .slice()
            .order(order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
    return new NpyArray(source, descr, kind, item, shape, data);
  }

  /** The NumPy dtype string, e.g. {@code <f4}. */
  public String descr() {
    return descr;
  }

  /** The dimensions (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public int size() {
    return data.capacity() / itemSize;
  }

  /** Whether this is a floating-point array. */
  public boolean isFloating() {
    return kind == 'f';
  }

  private double at(int i) {
    int p = i * itemSize;
    return switch (kind) {
      case 'f' -> switch (itemSize) {
        case 2 -> HalfFloats.f16ToFloat(data.getShort(p));
        case 4 -> data.getFloat(p);
        default -> data.getDouble(p);
      };
      default -> longAt(i);
    };
  }

  private long longAt(int i) {
    int p = i * itemSize;
    boolean unsigned = kind == 'u' || kind == 'b';
    return switch (itemSize) {
      case 1 -> unsigned ? data.get(p) & 0xFF : data.get(p);
      case 2 -> unsigned ? data.getShort(p) & 0xFFFF : data.getShort(p);
      case 4 -> unsigned ? data.getInt(p) & 0xFFFFFFFFL : data.getInt(p);
      default -> data.getLong(p);
    };
  }

  /** The values as float32 (float64 rounded, integers cast). */
  public float[] toFloats() {
    float[] out = new float[size()];
    if (kind == 'f' && itemSize == 4) {
      data.asFloatBuffer().get(out);
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) at(i);
    }
    return out;
  }

  /** The values as float64. */
  public double[] toDoubles() {
    double[] out = new double[size()];
    if (kind == 'f' && itemSize == 8) {
      data.asDoubleBuffer().get(out);
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = at(i);
    }
    return out;
  }

  /**
   * The values of an integer or boolean array as longs.
   *
   * @throws IllegalStateException for a floating array
   */
  public long[] toLongs() {
    if (kind == 'f') {
      throw new IllegalStateException(source + ": " + descr + " is not an integer array");
    }
    long[] out = new long[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = longAt(i);
    }
    return out;
  }

  /** The values of an integer or boolean array as ints (must fit). */
  public int[] toInts() {
    long[] l = toLongs();
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = Math.toIntExact(l[i]);
    }
    return out;
  }

  /**
   * The raw bytes of a one-byte array ({@code |u1}, {@code |i1}, {@code |b1}), e.g. an HWC uint8
   * image.
   */
  public byte[] toBytes() {
    if (itemSize != 1) {
      throw new IllegalStateException(source + ": " + descr + " is not a one-byte array");
    }
    byte[] out = new byte[size()];
    data.duplicate().get(out);
    return out;
  }

  @Override
  public String toString() {
    return "NpyArray[" + source + ", " + descr + " " + Arrays.toString(shape) + "]";
  }
}
