package org.robustr1.degrade.pipeline;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.degradation.Intensity;
import org.robustr1.core.degradation.Stage;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.ops.DegradationOp;
import org.robustr1.degrade.ops.OfficialOps;
import org.robustr1.degrade.ops.OpParams;

/**
 * Samples and applies official degradations, reproducibly per image.
 *
 * <p><b>Modes.</b> {@link Mode#OFFICIAL}: one op per image, drawn with probability {@code
 * weight / 400} over the 16 ops ({@link DegradationType#weight()}, i.e. {@code DEGRADATION_CONFIG};
 * every stage has probability 1/4), as in {@code generate_degradation.py}. {@link Mode#COMPOSITE}:
 * one op per stage, in stage order (acquisition, transmission, environment, post-processing), each
 * drawn by the weights within its stage and each with its own random intensity.
 *
 * <p><b>Intensities.</b> A fixed intensity ({@link Builder#optIntensity}) or, by default, uniform
 * in [0.1, 0.9] rounded to 2 decimals, the precision a chain writes ({@code motion blur(0.45)}).
 * The training-set distribution of the paper is not published; this default is our choice.
 *
 * <p><b>Seeding.</b> Each image gets its own {@link SplittableRandom} seeded by {@link
 * #seedFor(long, String)} from the base seed and the image id (e.g. its file name), so results
 * do not depend on thread count or processing order. The Python reference draws from unseeded
 * global generators; exact parity with it is through recorded parameters (see {@code
 * org.robustr1.degrade.replay}), not through random streams.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DegradationPipeline {

  /** How many ops an image gets. */
  public enum Mode {
    /** One op per image, drawn by the official weights over all 16 ops. */
    OFFICIAL,
    /** One op per stage (four in total), each drawn by the weights within its stage. */
    COMPOSITE,
    /**
     * One to four of the four stages (the count uniform, the stages a uniform subset of that size,
     * applied in stage order), one op per chosen stage drawn by the weights within it: several
     * degradations per image in varying number, as the paper's training images carry them.
     */
    STAGES
  }

  private final Mode mode;
  private final long seed;
  private final Double fixedIntensity;
  private final double minIntensity;
  private final double maxIntensity;
  private final int decimals;

  private DegradationPipeline(Builder b) {
    this.mode = b.mode;
    this.seed = b.seed;
    this.fixedIntensity = b.fixedIntensity;
    this.minIntensity = b.minIntensity;
    this.maxIntensity = b.maxIntensity;
    this.decimals = b.decimals;
  }

  /** A builder (official mode, seed 0, intensities uniform in [0.1, 0.9] at 2 decimals). */
  public static Builder builder() {
    return new Builder();
  }

  /** The mode. */
  public Mode mode() {
    return mode;
  }

  /** The base seed. */
  public long seed() {
    return seed;
  }

  /**
   * The per-image seed: the base seed mixed with the 64-bit murmur3 hash of the UTF-8 image id.
   */
  public static long seedFor(long baseSeed, String imageId) {
    requireNonNull(imageId, "imageId");
    long h = Hashing.murmur3_128().hashString(imageId, StandardCharsets.UTF_8).asLong();
    return mix64(baseSeed * 0x9E3779B97F4A7C15L + h);
  }

  /** The random generator of one image. */
  public SplittableRandom randomFor(String imageId) {
    return new SplittableRandom(seedFor(seed, imageId));
  }

  /**
   * Draws one official op with probability {@code weight / Σweights} (official sampling).
   *
   * @param candidates the ops to choose from (all 16, or those of one stage)
   */
  public static DegradationType chooseByWeight(List<DegradationType> candidates, RandomGenerator rng) {
    checkArgument(!candidates.isEmpty(), "no candidate ops");
    int total = 0;
    for (DegradationType t : candidates) {
      checkArgument(t.weight() > 0, "%s has no official weight", t);
      total += t.weight();
    }
    int r = rng.nextInt(total);
    for (DegradationType t : candidates) {
      r -= t.weight();
      if (r < 0) {
        return t;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /**
   * Plans the steps for an image of the given size: ops, intensities and parameters, without
   * touching pixels. The same id, size and pipeline always give the same plan.
   */
  public ImmutableList<Step> plan(int width, int height, String imageId) {
    SplittableRandom rng = randomFor(imageId);
    ImmutableList.Builder<Step> steps = ImmutableList.builder();
    if (mode == Mode.OFFICIAL) {
      DegradationType t = chooseByWeight(DegradationType.official(), rng);
      steps.add(step(t, nextIntensity(rng), width, height, rng.split()));
    } else if (mode == Mode.COMPOSITE) {
      for (Stage s : Stage.values()) {
        DegradationType t = chooseByWeight(DegradationType.ofStage(s), rng);
        steps.add(step(t, nextIntensity(rng), width, height, rng.split()));
      }
    } else {
      List<Stage> stages = new ArrayList<>(List.of(Stage.values()));
      int keep = 1 + rng.nextInt(stages.size());
      for (int i = stages.size() - 1; i > 0; i--) {
        Collections.swap(stages, i, rng.nextInt(i + 1));
      }
      List<Stage> chosen = new ArrayList<>(stages.subList(0, keep));
      Collections.sort(chosen);
      for (Stage s : chosen) {
        DegradationType t = chooseByWeight(DegradationType.ofStage(s), rng);
        steps.add(step(t, nextIntensity(rng), width, height, rng.split()));
      }
    }
    return steps.build();
  }

  /** Samples the parameters of one op (draws come from {@code rng}). */
  public static Step step(DegradationType type, double intensity, int width, int height, RandomGenerator rng) {
    DegradationOp<?> op = OfficialOps.of(type);
    OpParams p = op.sample(intensity, width, height, rng);
    return new Step(type, Intensity.of(intensity), p);
  }

  /** Applies planned steps in order to a BGR image; the caller owns the returned Mat. */
  public static Mat apply(Mat bgr, List<Step> steps) {
    Mat cur = bgr;
    for (Step s : steps) {
      Mat next = applyOne(OfficialOps.of(s.type()), cur, s.params());
      if (cur != bgr) {
        cur.release();
      }
      cur = next;
    }
    return cur == bgr ? bgr.clone() : cur;
  }

  @SuppressWarnings("unchecked")
  private static <P extends OpParams> Mat applyOne(DegradationOp<P> op, Mat bgr, OpParams p) {
    checkArgument(
        op.paramsType().isInstance(p), "%s parameters expected, got %s", op.type(), p.getClass().getName());
    return op.apply(bgr, (P) p);
  }

  /** The record of planned steps. */
  public static DegradationRecord record(List<Step> steps) {
    return DegradationRecord.of(steps.stream().map(Step::toApplied).toList());
  }

  /**
   * Degrades a BGR image.
   *
   * @return the degraded image (owned by the caller) and its record
   */
  public DegradedMat degrade(Mat bgr, String imageId) {
    ImmutableList<Step> steps = plan(bgr.cols(), bgr.rows(), imageId);
    return new DegradedMat(apply(bgr, steps), steps);
  }

  /** Degrades an {@link RgbImage}. */
  public DegradedImage degrade(RgbImage image, String imageId) {
    Mat bgr = ImageIo.toBgr(image);
    DegradedMat d = degrade(bgr, imageId);
    try {
      return new DegradedImage(ImageIo.toRgb(d.image()), d.record());
    } finally {
      bgr.release();
      d.image().release();
    }
  }

  private double nextIntensity(RandomGenerator rng) {
    double v = rng.nextDouble();
    if (fixedIntensity != null) {
      return fixedIntensity;
    }
    double x = minIntensity + (maxIntensity - minIntensity) * v;
    double scale = Math.pow(10, decimals);
    x = Math.round(x * scale) / scale;
    return Math.min(maxIntensity, Math.max(minIntensity, x));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * A degraded BGR image (owned by the caller: release it) and its steps.
   *
   * @param image the degraded pixels
   * @param steps the applied steps
   */
  public record DegradedMat(Mat image, ImmutableList<Step> steps) {
    /** The core record of the steps. */
    public DegradationRecord record() {
      return DegradationPipeline.record(steps);
    }
  }

  /** Builder of {@link DegradationPipeline}. */
  public static final class Builder {
    private Mode mode = Mode.OFFICIAL;
    private long seed;
    private Double fixedIntensity;
    private double minIntensity = 0.1;
    private double maxIntensity = 0.9;
    private int decimals = 2;

    private Builder() {}

    /** Sets the mode (default {@link Mode#OFFICIAL}). */
    public Builder optMode(Mode mode) {
      this.mode = requireNonNull(mode, "mode");
      return this;
    }

    /** Sets the base seed (default 0). */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Uses one fixed intensity for every op (e.g. 0.45 for the "50 %" level). */
    public Builder optIntensity(double intensity) {
      this.fixedIntensity = Intensity.of(intensity).value();
      return this;
    }

    /** Draws intensities uniformly from [min, max] (default [0.1, 0.9]). */
    public Builder optIntensityRange(double min, double max) {
      Intensity.of(min);
      Intensity.of(max);
      checkArgument(min <= max, "intensity range [%s, %s] is empty", min, max);
      this.minIntensity = min;
      this.maxIntensity = max;
      this.fixedIntensity = null;
      return this;
    }

    /** Rounds drawn intensities to this many decimals (default 2; 0..15). */
    public Builder optDecimals(int decimals) {
      checkArgument(decimals >= 0 && decimals <= 15, "decimals must be 0..15, got %s", decimals);
      this.decimals = decimals;
      return this;
    }

    /** Builds the pipeline. */
    public DegradationPipeline build() {
      checkState(mode != null, "mode");
      return new DegradationPipeline(this);
    }
  }
}
