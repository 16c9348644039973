package org.robustr1.degrade.io;

import java.util.function.Supplier;
import org.opencv.core.Core;

/**
 * Loads the OpenCV native library once per JVM ({@code org.openpnp:opencv}) and runs code with
 * Intel IPP switched off.
 *
 * <p><b>Why IPP is switched off.</b> The reference fixtures were made with Debian's OpenCV 4.6,
 * which has no IPP. The openpnp build of OpenCV 4.9 enables IPP by default, and with IPP on, 8-bit
 * {@code filter2D} with large kernels (the 13x13 and 27x27 motion-blur kernels) takes an IPP path
 * that rounds differently (up to 1 level on about 0.001 % of values). With IPP off every official
 * op is bit-exact against the reference. {@code Core.setUseIPP} is <em>thread-local</em> in
 * OpenCV 4.x (verified: a flag set on one thread is not seen by another), so {@link
 * #withoutIpp(Supplier)} switches it off only on the calling thread for the duration of the call
 * and restores the previous value; other users of OpenCV in the same JVM are unaffected. OpenCV's
 * internal worker threads do not re-check the flag: the IPP/non-IPP decision is made on the
 * calling thread before work is split.
 */
public final class OpenCv {

  private static volatile boolean loaded;

  private OpenCv() {}

  /**
   * Loads the native library if it is not loaded yet. Thread-safe and idempotent.
   *
   * @throws IllegalStateException if the native library cannot be loaded on this platform
   */
  public static void load() {
    if (loaded) {
      return;
    }
    synchronized (OpenCv.class) {
      if (!loaded) {
        try {
          nu.pattern.OpenCV.loadLocally();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
          throw new IllegalStateException(
              "cannot load the OpenCV native library (org.openpnp:opencv) on "
                  + System.getProperty("os.name")
                  + "/"
                  + System.getProperty("os.arch"),
              e);
        }
        loaded = true;
      }
    }
  }

  /** The OpenCV version string, loading the library if needed. */
  public static String version() {
    load();
    return Core.VERSION;
  }

  /**
   * Runs {@code action} with IPP switched off on the calling thread, then restores the previous
   * setting.
   */
  public static <T> T withoutIpp(Supplier<T> action) {
    load();
    boolean before = Core.useIPP();
    if (!before) {
      return action.get();
    }
    Core.setUseIPP(false);
    try {
      return action.get();
    } finally {
      Core.setUseIPP(true);
    }
  }
}
