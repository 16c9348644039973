package org.robustr1.degrade.imagenetc;

/** Loads OpenCV's native library once ({@code nu.pattern.OpenCV.loadLocally()}). */
final class OpenCvLoader {

  private static volatile boolean loaded;

  private OpenCvLoader() {}

  static void load() {
    if (!loaded) {
      synchronized (OpenCvLoader.class) {
        if (!loaded) {
          nu.pattern.OpenCV.loadLocally();
          loaded = true;
        }
      }
    }
  }
}
