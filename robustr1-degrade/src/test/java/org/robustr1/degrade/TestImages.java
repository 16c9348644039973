package org.robustr1.degrade;

import java.util.SplittableRandom;
import org.opencv.core.Mat;
import org.robustr1.degrade.io.ImageIo;

/** Procedural test images. */
public final class TestImages {
  private TestImages() {}

  /** A BGR image with gradients, stripes and noise. */
  public static Mat procedural(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] px = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int k = (y * w + x) * 3;
        px[k] = (byte) (x * 255 / Math.max(1, w - 1));
        px[k + 1] = (byte) (y * 255 / Math.max(1, h - 1));
        px[k + 2] = (byte) ((((x / 7) + (y / 5)) % 2) * 160 + r.nextInt(60));
      }
    }
    return ImageIo.mat(w, h, px);
  }
}
