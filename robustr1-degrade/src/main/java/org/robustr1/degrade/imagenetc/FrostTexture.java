package org.robustr1.degrade.imagenetc;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.robustr1.degrade.io.OpenCv;

/**
 * An RGB frost texture for the {@code frost} corruption.
 *
 * <p>imagecorruptions ships five photographs of frost ({@code frost1.png} … {@code frost5.jpg};
 * its {@code frost6.jpg} is never drawn). They are not redistributed with this library, so by
 * default {@link #procedural()} synthesises five stand-ins of the same sizes: a smooth haze, anti-
 * aliased branching ice needles with a soft glow, fine grain and a cold blue-white tint (mean
 * level about 0.45). The frost corruption's statistics therefore differ from the reference; load
 * the original files with {@link #load(List)} to follow it exactly.
 *
 * @param width width in pixels
 * @param height height in pixels
 * @param rgb packed RGB bytes, row-major
 */
record FrostTexture(int width, int height, byte[] rgb) {

  /** Sizes (width, height) of imagecorruptions' frost1 … frost5. */
  static final int[][] REFERENCE_SIZES = {{900, 600}, {560, 315}, {560, 315}, {527, 350}, {660, 495}};

  private static volatile List<FrostTexture> procedural;

  /** The five procedural textures, generated once (deterministically) on first use. */
  static List<FrostTexture> procedural() {
    List<FrostTexture> p = procedural;
    if (p == null) {
      synchronized (FrostTexture.class) {
        p = procedural;
        if (p == null) {
          OpenCv.load();
          List<FrostTexture> list = new ArrayList<>();
          for (int i = 0; i < REFERENCE_SIZES.length; i++) {
            list.add(generate(REFERENCE_SIZES[i][0], REFERENCE_SIZES[i][1], 0x5EED_F057L + i));
          }
          p = List.copyOf(list);
          procedural = p;
        }
      }
    }
    return p;
  }

  /** Loads texture files (as {@code cv2.imread} does: colour, alpha dropped) in the given order. */
  static List<FrostTexture> load(List<Path> files) {
    checkArgument(!files.isEmpty(), "at least one frost texture file is required");
    List<FrostTexture> out = new ArrayList<>();
    for (Path f : files) {
      out.add(ImageFiles.readRgb(f));
    }
    return List.copyOf(out);
  }

  /** Synthesises one texture of the given size from a fixed seed. */
  static FrostTexture generate(int w, int h, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Mat haze = new Mat();
    Mat coarse = new Mat(h / 48 + 3, w / 48 + 3, CvType.CV_32F);
    Mat needles = Mat.zeros(h, w, CvType.CV_8UC1);
    Mat needlesF = new Mat();
    Mat glow = new Mat();
    try {
      float[] cv = new float[(int) coarse.total()];
      for (int i = 0; i < cv.length; i++) {
        cv[i] = (float) rng.nextDouble();
      }
      coarse.put(0, 0, cv);
      Imgproc.resize(coarse, haze, new Size(w, h), 0, 0, Imgproc.INTER_CUBIC);
      int trees = Math.max(8, w * h / 2500);
      for (int t = 0; t < trees; t++) {
        double x = rng.nextDouble() * w;
        double y = rng.nextDouble() * h;
        double ang = rng.nextDouble() * 2 * Math.PI;
        double len = 25 + rng.nextDouble() * 70;
        branch(needles, rng, x, y, ang, len, 3, 255);
      }
      needles.convertTo(needlesF, CvType.CV_32F, 1.0 / 255);
      Imgproc.GaussianBlur(needlesF, glow, new Size(0, 0), 3.0);
      Imgproc.GaussianBlur(needlesF, needlesF, new Size(0, 0), 0.7);
      float[] hz = new float[w * h];
      float[] nd = new float[w * h];
      float[] gl = new float[w * h];
      haze.get(0, 0, hz);
      needlesF.get(0, 0, nd);
      glow.get(0, 0, gl);
      byte[] rgb = new byte[w * h * 3];
      for (int i = 0; i < w * h; i++) {
        double v = 0.22 + 0.22 * hz[i] + 0.75 * nd[i] + 0.9 * gl[i] + 0.06 * (rng.nextDouble() - 0.5);
        v = Math.max(0, Math.min(1, v));
        rgb[i * 3] = (byte) (int) Math.round(255 * (0.84 * v + 0.02));
        rgb[i * 3 + 1] = (byte) (int) Math.round(255 * (0.91 * v + 0.04));
        rgb[i * 3 + 2] = (byte) (int) Math.round(255 * (0.95 * v + 0.05));
      }
      return new FrostTexture(w, h, rgb);
    } finally {
      haze.release();
      coarse.release();
      needles.release();
      needlesF.release();
      glow.release();
    }
  }

  private static void branch(
      Mat m, SplittableRandom rng, double x, double y, double ang, double len, int depth, int level) {
    int segments = 3 + rng.nextInt(3);
    double segLen = len / segments;
    Scalar colour = new Scalar(level);
    for (int s = 0; s < segments; s++) {
      ang += (rng.nextDouble() - 0.5) * 0.5;
      double nx = x + Math.cos(ang) * segLen;
      double ny = y + Math.sin(ang) * segLen;
      Imgproc.line(m, new Point(x, y), new Point(nx, ny), colour, 1, Imgproc.LINE_AA);
      if (depth > 0 && rng.nextDouble() < 0.6) {
        double side = rng.nextBoolean() ? 1 : -1;
        branch(
            m,
            rng,
            nx,
            ny,
            ang + side * (0.5 + 0.6 * rng.nextDouble()),
            len * (0.35 + 0.25 * rng.nextDouble()),
            depth - 1,
            (int) (level * 0.8));
      }
      x = nx;
      y = ny;
    }
  }

  /** Mean level of the texture in [0, 1] (used by tests and the documentation). */
  double meanLevel() {
    long sum = 0;
    for (byte b : rgb) {
      sum += b & 0xFF;
    }
    return sum / (255.0 * rgb.length);
  }
}
