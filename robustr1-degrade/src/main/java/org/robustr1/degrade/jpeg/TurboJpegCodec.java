package org.robustr1.degrade.jpeg;

import static com.google.common.base.Preconditions.checkArgument;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link JpegCodec} on the system's TurboJPEG library ({@code libturbojpeg.so.0}, Debian package
 * {@code libturbojpeg0}) through JNA. {@code tjCompress2(TJPF_BGR|TJPF_RGB, TJSAMP_420, quality,
 * TJFLAG_ACCURATEDCT)} and {@code tjDecompress2(…, TJFLAG_ACCURATEDCT)} (fancy upsampling is the
 * default) make the same {@code jpeg_*} settings as OpenCV's {@code imencode}/{@code imdecode};
 * libjpeg-turbo's SIMD accurate DCT, colour conversion, downsampling and fancy upsampling are
 * bit-exact with its C code. A TurboJPEG handle is created per call, so the codec is thread-safe.
 */
final class TurboJpegCodec implements JpegCodec {

  private static final int TJPF_RGB = 0;
  private static final int TJPF_BGR = 1;
  private static final int TJSAMP_420 = 2;
  private static final int TJFLAG_ACCURATEDCT = 4096;

  /** The TurboJPEG 2.x C API functions used here. */
  interface Lib extends Library {
    Pointer tjInitCompress();

    Pointer tjInitDecompress();

    int tjDestroy(Pointer handle);

    int tjCompress2(
        Pointer handle,
        Pointer srcBuf,
        int width,
        int pitch,
        int height,
        int pixelFormat,
        PointerByReference jpegBuf,
        NativeLongByReference jpegSize,
        int jpegSubsamp,
        int jpegQual,
        int flags);

    int tjDecompressHeader3(
        Pointer handle,
        Pointer jpegBuf,
        NativeLong jpegSize,
        IntByReference width,
        IntByReference height,
        IntByReference jpegSubsamp,
        IntByReference jpegColorspace);

    int tjDecompress2(
        Pointer handle,
        Pointer jpegBuf,
        NativeLong jpegSize,
        Pointer dstBuf,
        int width,
        int pitch,
        int height,
        int pixelFormat,
        int flags);

    void tjFree(Pointer buffer);

    String tjGetErrorStr2(Pointer handle);

    int tjGetErrorCode(Pointer handle);
  }

  /** {@code TJERR_WARNING}: the output is usable (e.g. a truncated stream), as OpenCV accepts it. */
  private static final int TJERR_WARNING = 0;

  private final Lib lib;
  private final String library;

  private TurboJpegCodec(Lib lib, String library) {
    this.lib = lib;
    this.library = library;
  }

  /**
   * Loads TurboJPEG: {@code library} if given (a name or an absolute path), else {@code turbojpeg}
   * then {@code libturbojpeg.so.0} on JNA's search path.
   *
   * @return the codec, or a description of why no library loaded
   */
  static LoadResult load(String library) {
    List<String> names =
        library != null && !library.isBlank()
            ? List.of(library)
            : List.of("turbojpeg", "libturbojpeg.so.0");
    List<String> errors = new ArrayList<>();
    for (String name : names) {
      try {
        Lib lib = Native.load(name, Lib.class);
        Pointer probe = lib.tjInitDecompress();
        if (probe == null) {
          errors.add(name + ": tjInitDecompress failed");
          continue;
        }
        lib.tjDestroy(probe);
        return new LoadResult(Optional.of(new TurboJpegCodec(lib, name)), "");
      } catch (LinkageError | RuntimeException e) {
        errors.add(name + ": " + e.getMessage());
      }
    }
    return new LoadResult(Optional.empty(), String.join("; ", errors));
  }

  /** The outcome of loading a native codec: the codec, or why it did not load. */
  record LoadResult(Optional<JpegCodec> codec, String failure) {
    LoadResult withCodec(JpegCodec c) {
      return new LoadResult(Optional.of(c), "");
    }
  }

  @Override
  public String name() {
    return "turbojpeg";
  }

  @Override
  public byte[] encode(byte[] pixels, int width, int height, PixelOrder order, int quality) {
    Checks.encodeArgs(pixels, width, height, order, quality);
    Pointer h = lib.tjInitCompress();
    checkState(h != null, "tjInitCompress failed");
    PointerByReference out = new PointerByReference();
    NativeLongByReference size = new NativeLongByReference(new NativeLong(0));
    try (Memory src = new Memory(pixels.length)) {
      src.write(0, pixels, 0, pixels.length);
      int rc =
          lib.tjCompress2(
              h,
              src,
              width,
              width * 3,
              height,
              format(order),
              out,
              size,
              TJSAMP_420,
              quality,
              TJFLAG_ACCURATEDCT);
      checkState(rc == 0, "tjCompress2: %s", lib.tjGetErrorStr2(h));
      return out.getValue().getByteArray(0, (int) size.getValue().longValue());
    } finally {
      if (out.getValue() != null) {
        lib.tjFree(out.getValue());
      }
      lib.tjDestroy(h);
    }
  }

  @Override
  public Decoded decode(byte[] jpeg, PixelOrder order) {
    Checks.decodeArgs(jpeg, order);
    Pointer h = lib.tjInitDecompress();
    checkState(h != null, "tjInitDecompress failed");
    try (Memory src = new Memory(jpeg.length)) {
      src.write(0, jpeg, 0, jpeg.length);
      NativeLong len = new NativeLong(jpeg.length);
      IntByReference w = new IntByReference();
      IntByReference ht = new IntByReference();
      IntByReference sub = new IntByReference();
      IntByReference cs = new IntByReference();
      checkArgument(
          lib.tjDecompressHeader3(h, src, len, w, ht, sub, cs) == 0,
          "TurboJPEG cannot read the header of a %s-byte stream: %s",
          jpeg.length,
          lib.tjGetErrorStr2(h));
      int width = w.getValue();
      int height = ht.getValue();
      int n = Math.multiplyExact(Math.multiplyExact(width, height), 3);
      try (Memory dst = new Memory(n)) {
        int rc =
            lib.tjDecompress2(h, src, len, dst, width, width * 3, height, format(order), TJFLAG_ACCURATEDCT);
        checkArgument(
            rc == 0 || lib.tjGetErrorCode(h) == TJERR_WARNING,
            "tjDecompress2 (%s bytes): %s", jpeg.length, lib.tjGetErrorStr2(h));
        return new Decoded(width, height, dst.getByteArray(0, n));
      }
    } finally {
      lib.tjDestroy(h);
    }
  }

  private static int format(PixelOrder order) {
    return order == PixelOrder.RGB ? TJPF_RGB : TJPF_BGR;
  }

  private static void checkState(boolean ok, String message, Object... args) {
    if (!ok) {
      throw new IllegalStateException(String.format(message, args));
    }
  }

  @Override
  public String toString() {
    return "TurboJpegCodec[" + library + "]";
  }
}
