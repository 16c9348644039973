package org.robustr1.degrade.imagenetc;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.degradation.Family;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.io.OpenCv;

/**
 * The ImageNet-C corruptions of {@code imagecorruptions} (bethgelab): 15 benchmark corruptions and
 * 4 extra ones, each at severities 1 to 5.
 *
 * <p><b>Colour order.</b> {@link #corrupt(RgbImage, DegradationType, int, long)} takes and returns
 * RGB ({@link RgbImage}), as the reference does. {@link #corruptBgr(Mat, DegradationType, int,
 * long)} is the same operation for an 8-bit BGR OpenCV {@code Mat} (as {@code Imgcodecs.imread}
 * returns); it converts to RGB, corrupts and converts back.
 *
 * <p><b>Randomness.</b> Every random draw comes from the {@link RandomGenerator} passed in, or from
 * a {@link SplittableRandom} seeded with the given seed, so a seed fully determines the output.
 * numpy's, numba's and skimage's generator streams are not reproduced: random corruptions follow
 * the reference in distribution, not byte for byte. The deterministic ones ({@link
 * #isDeterministic}) follow the reference numerics and are tested against its outputs.
 *
 * <p><b>Frost.</b> The reference blends photographs of frost that are not shipped here; by default
 * procedurally generated stand-ins are used (see {@link Builder#optFrostTextures(List)} to supply
 * the five original files).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ImageNetC {

  /** The lowest severity. */
  public static final int MIN_SEVERITY = 1;

  /** The highest severity. */
  public static final int MAX_SEVERITY = 5;

  /** Smallest side accepted, as in {@code imagecorruptions.corrupt}. */
  public static final int MIN_SIDE = 32;

  private static final Set<DegradationType> DETERMINISTIC =
      EnumSet.of(
          DegradationType.C_DEFOCUS_BLUR,
          DegradationType.C_ZOOM_BLUR,
          DegradationType.C_BRIGHTNESS,
          DegradationType.C_CONTRAST,
          DegradationType.C_PIXELATE,
          DegradationType.C_JPEG_COMPRESSION,
          DegradationType.C_GAUSSIAN_BLUR,
          DegradationType.C_SATURATE);

  private final List<FrostTexture> frostFiles;

  /** Frost textures rescaled for the image sizes seen so far, keyed by (index, width, height). */
  private final Map<Long, byte[]> frostCache = new ConcurrentHashMap<>();

  private ImageNetC(Builder b) {
    this.frostFiles = b.frostFiles;
  }

  /** An instance with the procedural frost textures. */
  public static ImageNetC create() {
    return builder().build();
  }

  /** A builder for non-default options. */
  public static Builder builder() {
    return new Builder();
  }

  /** The 15 benchmark corruptions in imagecorruptions' order (noise, blur, weather, digital). */
  public static List<DegradationType> common() {
    return DegradationType.imagenetC().subList(0, 15);
  }

  /** The 4 extra validation corruptions: speckle_noise, gaussian_blur, spatter, saturate. */
  public static List<DegradationType> extra() {
    return DegradationType.imagenetC().subList(15, 19);
  }

  /** All 19 corruptions. */
  public static List<DegradationType> all() {
    return DegradationType.imagenetC();
  }

  /** Whether the reference makes no random draw for this corruption (same bytes for any seed). */
  public static boolean isDeterministic(DegradationType type) {
    return DETERMINISTIC.contains(type);
  }

  /**
   * Corrupts an RGB image.
   *
   * @param image the clean image (both sides ≥ 32)
   * @param type an ImageNet-C type ({@code DegradationType.C_*})
   * @param severity 1 … 5
   * @param seed seed of the random draws (ignored by deterministic corruptions)
   * @return a new RGB image of the same size
   * @throws IllegalArgumentException for a type outside ImageNet-C, a bad severity or a small image
   */
  public RgbImage corrupt(RgbImage image, DegradationType type, int severity, long seed) {
    return corrupt(image, type, severity, new SplittableRandom(seed));
  }

  /** Like {@link #corrupt(RgbImage, DegradationType, int, long)} with a corruption name. */
  public RgbImage corrupt(RgbImage image, String name, int severity, long seed) {
    return corrupt(image, DegradationType.imagenetC(name), severity, seed);
  }

  /**
   * Corrupts an RGB image drawing from {@code rng} (which advances).
   *
   * @see #corrupt(RgbImage, DegradationType, int, long)
   */
  public RgbImage corrupt(RgbImage image, DegradationType type, int severity, RandomGenerator rng) {
    requireNonNull(image, "image");
    requireNonNull(rng, "rng");
    checkType(type);
    checkSeverity(severity);
    int w = image.width();
    int h = image.height();
    checkArgument(
        w >= MIN_SIDE && h >= MIN_SIDE,
        "image must be at least %sx%s pixels for ImageNet-C, got %sx%s",
        MIN_SIDE,
        MIN_SIDE,
        w,
        h);
    byte[] px = image.pixels();
    byte[] out;
    switch (type) {
      case C_GAUSSIAN_NOISE:
        out = NoiseCorruptions.gaussianNoise(px, severity, rng);
        break;
      case C_SHOT_NOISE:
        out = NoiseCorruptions.shotNoise(px, severity, rng);
        break;
      case C_IMPULSE_NOISE:
        out = NoiseCorruptions.impulseNoise(px, severity, rng);
        break;
      case C_SPECKLE_NOISE:
        out = NoiseCorruptions.speckleNoise(px, severity, rng);
        break;
      case C_DEFOCUS_BLUR:
        OpenCv.load();
        out = BlurCorruptions.defocusBlur(px, w, h, severity);
        break;
      case C_GLASS_BLUR:
        out = BlurCorruptions.glassBlur(px, w, h, severity, rng);
        break;
      case C_MOTION_BLUR:
        out = BlurCorruptions.motionBlur(px, w, h, severity, rng);
        break;
      case C_ZOOM_BLUR:
        out = BlurCorruptions.zoomBlur(px, w, h, severity);
        break;
      case C_GAUSSIAN_BLUR:
        out = BlurCorruptions.gaussianBlur(px, w, h, severity);
        break;
      case C_SNOW:
        out = WeatherCorruptions.snow(px, w, h, severity, rng);
        break;
      case C_FROST:
        out = WeatherCorruptions.frost(px, w, h, severity, rng, frostTextures(), frostCache);
        break;
      case C_FOG:
        out = WeatherCorruptions.fog(px, w, h, severity, rng);
        break;
      case C_BRIGHTNESS:
        out = WeatherCorruptions.brightness(px, severity);
        break;
      case C_CONTRAST:
        out = DigitalCorruptions.contrast(px, severity);
        break;
      case C_ELASTIC_TRANSFORM:
        out = DigitalCorruptions.elastic(px, w, h, severity, rng);
        break;
      case C_PIXELATE:
        out = DigitalCorruptions.pixelate(px, w, h, severity);
        break;
      case C_JPEG_COMPRESSION:
        out = DigitalCorruptions.jpeg(px, w, h, severity);
        break;
      case C_SPATTER:
        OpenCv.load();
        out = DigitalCorruptions.spatter(px, w, h, severity, rng);
        break;
      case C_SATURATE:
        out = ColorCorruptions.saturate(px, severity);
        break;
      default:
        throw new IllegalArgumentException("not an ImageNet-C corruption: " + type);
    }
    return new RgbImage(w, h, out);
  }

  /**
   * Corrupts an 8-bit 3-channel <b>BGR</b> {@code Mat} (the caller keeps ownership of {@code bgr}
   * and must release the returned {@code Mat}).
   *
   * @throws IllegalArgumentException if {@code bgr} is not {@code CV_8UC3}
   */
  public Mat corruptBgr(Mat bgr, DegradationType type, int severity, long seed) {
    requireNonNull(bgr, "bgr");
    OpenCv.load();
    checkArgument(
        bgr.type() == CvType.CV_8UC3,
        "expected an 8-bit 3-channel BGR Mat, got %s",
        CvType.typeToString(bgr.type()));
    RgbImage out = corrupt(ImageFiles.fromBgr(bgr), type, severity, seed);
    return ImageFiles.toBgr(out);
  }

  private List<FrostTexture> frostTextures() {
    return frostFiles != null ? frostFiles : FrostTexture.procedural();
  }

  static void checkType(DegradationType type) {
    requireNonNull(type, "type");
    checkArgument(
        type.family() == Family.IMAGENET_C,
        "%s is not an ImageNet-C corruption (use DegradationType.C_* or"
            + " DegradationType.imagenetC(name))",
        type);
  }

  static void checkSeverity(int severity) {
    checkArgument(
        severity >= MIN_SEVERITY && severity <= MAX_SEVERITY,
        "ImageNet-C severity must be in %s..%s, got %s",
        MIN_SEVERITY,
        MAX_SEVERITY,
        severity);
  }

  /** Options of {@link ImageNetC}. */
  public static final class Builder {
    private List<FrostTexture> frostFiles;

    private Builder() {}

    /**
     * Uses these frost texture files instead of the procedural ones: imagecorruptions' {@code
     * frost1.png}, {@code frost2.png}, {@code frost3.png}, {@code frost4.jpg}, {@code frost5.jpg}
     * in that order reproduce the reference. The files are decoded now.
     *
     * @throws java.io.UncheckedIOException naming a file that cannot be read
     */
    public Builder optFrostTextures(List<Path> files) {
      requireNonNull(files, "files");
      this.frostFiles = FrostTexture.load(new ArrayList<>(files));
      return this;
    }

    /** Builds the instance. */
    public ImageNetC build() {
      return new ImageNetC(this);
    }
  }
}
