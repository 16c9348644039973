package org.robustr1.bench.imagenetc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.io.OpenCv;
import org.robustr1.testing.SharedData;

/**
 * Benchmark inputs: the astronaut photo of the golden fixtures, resized with bilinear
 * interpolation (as the Python timing inputs, which are upsampled at 512), or a synthetic image
 * of random rectangles when the shared folder is absent.
 */
final class BenchImages {

  private BenchImages() {}

  /** Loads OpenCV and pins its thread pool to one thread. */
  static void initOpenCvSingleThread() {
    OpenCv.load();
    Core.setNumThreads(1);
  }

  /** A {@code size × size} RGB test photo. */
  static RgbImage photo(int size) {
    Optional<Path> p = SharedData.resolve("golden/degrade-imagenet-c/inputs/astronaut_224x224.png");
    if (p.isPresent() && Files.isRegularFile(p.get())) {
      Mat bgr = Imgcodecs.imread(p.get().toString(), Imgcodecs.IMREAD_COLOR);
      Mat rgb = new Mat();
      try {
        Imgproc.resize(bgr, rgb, new Size(size, size), 0, 0, Imgproc.INTER_LINEAR);
        Imgproc.cvtColor(rgb, rgb, Imgproc.COLOR_BGR2RGB);
        byte[] px = new byte[size * size * 3];
        rgb.get(0, 0, px);
        return new RgbImage(size, size, px);
      } finally {
        bgr.release();
        rgb.release();
      }
    }
    SplittableRandom r = new SplittableRandom(11);
    byte[] px = new byte[size * size * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (96 + r.nextInt(64));
    }
    for (int k = 0; k < 60; k++) {
      int x0 = r.nextInt(size);
      int y0 = r.nextInt(size);
      int x1 = Math.min(size, x0 + 8 + r.nextInt(size / 3));
      int y1 = Math.min(size, y0 + 8 + r.nextInt(size / 3));
      byte[] col = {(byte) r.nextInt(256), (byte) r.nextInt(256), (byte) r.nextInt(256)};
      for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
          System.arraycopy(col, 0, px, (y * size + x) * 3, 3);
        }
      }
    }
    return new RgbImage(size, size, px);
  }
}
