package org.robustr1.degrade.jpeg;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.Optional;

/**
 * {@link JpegCodec} on the system's libjpeg-turbo through its libjpeg 6.2 API ({@code
 * libjpeg.so.62}, Debian's {@code libjpeg62-turbo}, which is what Python's {@code cv2} itself
 * links, so it is there wherever the Python reference runs): the fast SIMD codec without the
 * separate TurboJPEG package. It makes the calls of OpenCV's {@code imencode}/{@code imdecode}
 * ({@code in_color_space}/{@code out_color_space = JCS_EXT_BGR} or {@code JCS_EXT_RGB}, {@code
 * jpeg_set_defaults}, {@code jpeg_set_quality(q, TRUE)}, accurate integer DCT, fancy upsampling),
 * so its streams and pixels are those of the other two codecs.
 *
 * <p>libjpeg reports errors by calling {@code error_exit}, which by default ends the process, and
 * a JVM cannot give it the {@code longjmp} it needs. This codec therefore only ever hands libjpeg
 * what cannot fail: pixel arrays it checked itself (sizes up to {@value #MAX_SIDE}) and, in {@link
 * #roundTrip}, the stream it has just written. {@link #decode} of arbitrary bytes goes to OpenCV's
 * decoder. The struct offsets are those of the libjpeg 6.2 ABI on 64-bit Linux ({@code
 * JPEG_LIB_VERSION 62}, {@code sizeof(jpeg_compress_struct) = 520}, {@code
 * sizeof(jpeg_decompress_struct) = 632}); the codec loads only there and only from a library that
 * has libjpeg-turbo's own functions.
 */
final class LibJpegCodec implements JpegCodec {

  /** The largest side libjpeg accepts ({@code JPEG_MAX_DIMENSION}). */
  static final int MAX_SIDE = 65500;

  private static final int JPEG_LIB_VERSION = 62;
  private static final int COMPRESS_SIZE = 520;
  private static final int DECOMPRESS_SIZE = 632;
  private static final int ERROR_MGR_SIZE = 168;
  // jpeg_compress_struct
  private static final int C_IMAGE_WIDTH = 48;
  private static final int C_IMAGE_HEIGHT = 52;
  private static final int C_INPUT_COMPONENTS = 56;
  private static final int C_IN_COLOR_SPACE = 60;
  private static final int C_NEXT_SCANLINE = 304;
  // jpeg_decompress_struct
  private static final int D_OUT_COLOR_SPACE = 64;
  private static final int D_OUTPUT_WIDTH = 136;
  private static final int D_OUTPUT_HEIGHT = 140;
  private static final int D_OUT_COLOR_COMPONENTS = 144;
  private static final int D_OUTPUT_SCANLINE = 168;
  private static final int JCS_EXT_RGB = 6;
  private static final int JCS_EXT_BGR = 8;

  private final NativeLibrary lib;
  private final String library;

  private LibJpegCodec(NativeLibrary lib, String library) {
    this.lib = lib;
    this.library = library;
  }

  /**
   * Loads {@code libjpeg.so.62} when it is libjpeg-turbo on 64-bit Linux.
   *
   * @return the codec, or why it did not load
   */
  static TurboJpegCodec.LoadResult load() {
    if (!Platform.isLinux() || !Platform.is64Bit()) {
      return new TurboJpegCodec.LoadResult(Optional.empty(), "libjpeg.so.62: only the 64-bit Linux ABI is mapped");
    }
    try {
      NativeLibrary lib = NativeLibrary.getInstance("libjpeg.so.62");
      // libjpeg-turbo's own API (not in IJG's libjpeg 6b, whose BGR colour spaces are missing too)
      lib.getFunction("jpeg_skip_scanlines");
      lib.getFunction("jpeg_mem_dest");
      return new TurboJpegCodec.LoadResult(Optional.empty(), "").withCodec(new LibJpegCodec(lib, "libjpeg.so.62"));
    } catch (LinkageError | RuntimeException e) {
      return new TurboJpegCodec.LoadResult(Optional.empty(), "libjpeg.so.62: " + e.getMessage());
    }
  }

  @Override
  public String name() {
    return "libjpeg";
  }

  @Override
  public byte[] encode(byte[] pixels, int width, int height, PixelOrder order, int quality) {
    Checks.encodeArgs(pixels, width, height, order, quality);
    if (width > MAX_SIDE || height > MAX_SIDE) {
      return OpenCvJpegCodec.INSTANCE.encode(pixels, width, height, order, quality);
    }
    try (Memory err = new Memory(ERROR_MGR_SIZE);
        Memory cinfo = new Memory(COMPRESS_SIZE);
        Memory src = new Memory(pixels.length);
        Memory rows = new Memory((long) height * Native.POINTER_SIZE)) {
      cinfo.clear();
      cinfo.setPointer(0, call(Pointer.class, "jpeg_std_error", err));
      call(Void.class, "jpeg_CreateCompress", cinfo, JPEG_LIB_VERSION, new NativeLong(COMPRESS_SIZE));
      PointerByReference out = new PointerByReference();
      NativeLongByReference size = new NativeLongByReference(new NativeLong(0));
      try {
        call(Void.class, "jpeg_mem_dest", cinfo, out, size);
        cinfo.setInt(C_IMAGE_WIDTH, width);
        cinfo.setInt(C_IMAGE_HEIGHT, height);
        cinfo.setInt(C_INPUT_COMPONENTS, 3);
        cinfo.setInt(C_IN_COLOR_SPACE, colorSpace(order));
        call(Void.class, "jpeg_set_defaults", cinfo);
        call(Void.class, "jpeg_set_quality", cinfo, quality, 1);
        call(Void.class, "jpeg_start_compress", cinfo, 1);
        src.write(0, pixels, 0, pixels.length);
        for (int y = 0; y < height; y++) {
          rows.setPointer((long) y * Native.POINTER_SIZE, src.share((long) y * width * 3));
        }
        while (cinfo.getInt(C_NEXT_SCANLINE) < height) {
          int next = cinfo.getInt(C_NEXT_SCANLINE);
          call(Integer.class, "jpeg_write_scanlines", cinfo, rows.share((long) next * Native.POINTER_SIZE), height - next);
        }
        call(Void.class, "jpeg_finish_compress", cinfo);
        return out.getValue().getByteArray(0, (int) size.getValue().longValue());
      } finally {
        call(Void.class, "jpeg_destroy_compress", cinfo);
        if (out.getValue() != null) {
          Native.free(Pointer.nativeValue(out.getValue()));
        }
      }
    }
  }

  /** Arbitrary streams may be corrupt, which libjpeg cannot report to a JVM: OpenCV decodes them. */
  @Override
  public Decoded decode(byte[] jpeg, PixelOrder order) {
    return OpenCvJpegCodec.INSTANCE.decode(jpeg, order);
  }

  @Override
  public byte[] roundTrip(byte[] pixels, int width, int height, PixelOrder order, int quality) {
    byte[] jpeg = encode(pixels, width, height, order, quality);
    if (width > MAX_SIDE || height > MAX_SIDE) {
      return decode(jpeg, order).pixels();
    }
    return decodeOwn(jpeg, width, height, order);
  }

  /** Decodes a stream this codec has just written (so libjpeg cannot meet an error in it). */
  private byte[] decodeOwn(byte[] jpeg, int width, int height, PixelOrder order) {
    try (Memory err = new Memory(ERROR_MGR_SIZE);
        Memory dinfo = new Memory(DECOMPRESS_SIZE);
        Memory src = new Memory(jpeg.length);
        Memory dst = new Memory((long) width * height * 3);
        Memory rows = new Memory((long) height * Native.POINTER_SIZE)) {
      dinfo.clear();
      dinfo.setPointer(0, call(Pointer.class, "jpeg_std_error", err));
      call(Void.class, "jpeg_CreateDecompress", dinfo, JPEG_LIB_VERSION, new NativeLong(DECOMPRESS_SIZE));
      try {
        src.write(0, jpeg, 0, jpeg.length);
        call(Void.class, "jpeg_mem_src", dinfo, src, new NativeLong(jpeg.length));
        call(Integer.class, "jpeg_read_header", dinfo, 1);
        dinfo.setInt(D_OUT_COLOR_SPACE, colorSpace(order));
        dinfo.setInt(D_OUT_COLOR_COMPONENTS, 3);
        call(Integer.class, "jpeg_start_decompress", dinfo);
        if (dinfo.getInt(D_OUTPUT_WIDTH) != width || dinfo.getInt(D_OUTPUT_HEIGHT) != height) {
          throw new IllegalStateException("libjpeg decoded " + dinfo.getInt(D_OUTPUT_WIDTH) + "x"
              + dinfo.getInt(D_OUTPUT_HEIGHT) + " from a " + width + "x" + height + " stream");
        }
        for (int y = 0; y < height; y++) {
          rows.setPointer((long) y * Native.POINTER_SIZE, dst.share((long) y * width * 3));
        }
        while (dinfo.getInt(D_OUTPUT_SCANLINE) < height) {
          int next = dinfo.getInt(D_OUTPUT_SCANLINE);
          call(Integer.class, "jpeg_read_scanlines", dinfo, rows.share((long) next * Native.POINTER_SIZE), height - next);
        }
        call(Integer.class, "jpeg_finish_decompress", dinfo);
        return dst.getByteArray(0, width * height * 3);
      } finally {
        call(Void.class, "jpeg_destroy_decompress", dinfo);
      }
    }
  }

  private <T> T call(Class<T> returns, String function, Object... args) {
    return returns.cast(lib.getFunction(function).invoke(returns, args));
  }

  private static int colorSpace(PixelOrder order) {
    return order == PixelOrder.RGB ? JCS_EXT_RGB : JCS_EXT_BGR;
  }

  @Override
  public String toString() {
    return "LibJpegCodec[" + library + "]";
  }
}
