package org.robustr1.degrade.jpeg;

import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The available {@link JpegCodec}s and the one the JPEG degradations use.
 *
 * <p><b>Selection</b> ({@link #selected()}), by the system property {@value #PROPERTY}:
 *
 * <ul>
 *   <li>{@code auto} (default): TurboJPEG when the native library loads, else the system
 *       libjpeg-turbo through its libjpeg API ({@code libjpeg.so.62}, the library Python's {@code
 *       cv2} links; {@link LibJpegCodec}), else OpenCV;
 *   <li>{@code opencv}: always OpenCV's bundled libjpeg-turbo (built without SIMD in {@code
 *       org.openpnp:opencv}, so slower);
 *   <li>{@code turbojpeg}: TurboJPEG, failing with an {@link IllegalStateException} that says why
 *       when it does not load;
 *   <li>{@code libjpeg}: the system {@code libjpeg.so.62} (libjpeg-turbo), failing likewise.
 * </ul>
 *
 * <p>{@value #LIBRARY_PROPERTY} names the TurboJPEG library to load (a name on JNA's search path
 * or an absolute path); by default {@code turbojpeg}, then {@code libturbojpeg.so.0} (Debian and
 * Ubuntu: {@code apt-get install libturbojpeg0}). All codecs give identical bytes; the choice only
 * changes speed.
 */
public final class JpegCodecs {

  /** System property choosing the codec: {@code auto}, {@code opencv} or {@code turbojpeg}. */
  public static final String PROPERTY = "robustr1.jpeg.codec";

  /** System property naming the TurboJPEG library (name or absolute path). */
  public static final String LIBRARY_PROPERTY = "robustr1.jpeg.turbojpeg.library";

  private static final Logger LOG = LoggerFactory.getLogger(JpegCodecs.class);

  private JpegCodecs() {}

  /** OpenCV's {@code imencode}/{@code imdecode}; always available. */
  public static JpegCodec openCv() {
    return OpenCvJpegCodec.INSTANCE;
  }

  /** The TurboJPEG codec when its native library loads (tried once per JVM). */
  public static Optional<JpegCodec> turboJpeg() {
    return Turbo.RESULT.codec().map(c -> c);
  }

  /** The system libjpeg-turbo through its libjpeg 6.2 API when it loads (tried once per JVM). */
  public static Optional<JpegCodec> libJpeg() {
    return LibJpeg.RESULT.codec();
  }

  /** Why TurboJPEG did not load, or an empty string when it did. */
  public static String turboJpegFailure() {
    return Turbo.RESULT.failure();
  }

  /**
   * The codec chosen by {@value #PROPERTY} (read on every call).
   *
   * @throws IllegalStateException for {@code turbojpeg} when the library does not load, or an
   *     unknown value
   */
  public static JpegCodec selected() {
    String v = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "auto":
      case "":
        return turboJpeg().or(JpegCodecs::libJpeg).orElseGet(JpegCodecs::openCvWithHint);
      case "libjpeg":
        return libJpeg()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "-D" + PROPERTY + "=libjpeg but libjpeg.so.62 did not load (" + LibJpeg.RESULT.failure() + ")"));
      case "opencv":
        return openCv();
      case "turbojpeg":
        return turboJpeg()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "-D"
                            + PROPERTY
                            + "=turbojpeg but TurboJPEG did not load ("
                            + turboJpegFailure()
                            + "); install libturbojpeg0 or set -D"
                            + LIBRARY_PROPERTY));
      default:
        throw new IllegalStateException(
            "-D" + PROPERTY + "=" + v + ": expected auto, opencv, turbojpeg or libjpeg");
    }
  }

  private static volatile boolean hinted;

  /** OpenCV's codec, saying once per JVM that a faster one is one package away. */
  private static JpegCodec openCvWithHint() {
    if (!hinted) {
      hinted = true;
      LOG.info("JPEG: neither TurboJPEG ({}) nor libjpeg-turbo ({}) loaded; OpenCV's bundled codec (no SIMD, about"
          + " 2-3x slower) is used. apt-get install libturbojpeg0 (or libjpeg62-turbo) for the fast codec",
          turboJpegFailure(), LibJpeg.RESULT.failure());
    }
    return openCv();
  }

  /** Lazy holder: loads the system libjpeg-turbo on first use. */
  private static final class LibJpeg {
    static final TurboJpegCodec.LoadResult RESULT = LibJpegCodec.load();
  }

  /** Lazy holder: loads TurboJPEG on first use. */
  private static final class Turbo {
    static final TurboJpegCodec.LoadResult RESULT = load();

    private static TurboJpegCodec.LoadResult load() {
      TurboJpegCodec.LoadResult r = TurboJpegCodec.load(System.getProperty(LIBRARY_PROPERTY));
      if (r.codec().isPresent()) {
        LOG.debug("JPEG: using {}", r.codec().get());
      } else {
        LOG.debug("JPEG: TurboJPEG not available ({}); OpenCV's codec is used", r.failure());
      }
      return r;
    }
  }
}
