package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.EnumMap;
import java.util.Map;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.degradation.Family;

/** The 16 official ops, by {@link DegradationType} or by reference function name. */
public final class OfficialOps {

  private static final ImmutableMap<DegradationType, DegradationOp<?>> OPS;

  static {
    Map<DegradationType, DegradationOp<?>> m = new EnumMap<>(DegradationType.class);
    for (DegradationOp<?> op :
        ImmutableList.<DegradationOp<?>>of(
            new LensBlur(),
            new LensFlare(),
            new MotionBlur(),
            new DirtyLens(),
            new HsvSaturation(),
            new JpegCompression(),
            new BlockExchange(),
            new MeanShift(),
            new ScanLines(),
            new DarkIllumination(),
            new AtmosphericTurbulence(),
            new GaussianNoise(),
            new ColorDiffusion(),
            new SharpnessChange(),
            new Graffiti(),
            new WatermarkDamage())) {
      m.put(op.type(), op);
    }
    OPS = ImmutableMap.copyOf(m);
  }

  private OfficialOps() {}

  /**
   * The op implementing an official type.
   *
   * @throws IllegalArgumentException for an ImageNet-C type
   */
  public static DegradationOp<?> of(DegradationType type) {
    checkArgument(
        type.family() == Family.ROBUST_R1,
        "%s is not an official Robust-R1 op (family %s)",
        type,
        type.family());
    return OPS.get(type);
  }

  /**
   * The op with a reference function name such as {@code "motion_blur"}.
   *
   * @throws IllegalArgumentException naming the value for an unknown op
   */
  public static DegradationOp<?> of(String opName) {
    DegradationType t = DegradationType.fromName(opName);
    return of(t);
  }

  /** All 16 ops, in {@code DEGRADATION_CONFIG} order. */
  public static ImmutableList<DegradationOp<?>> all() {
    ImmutableList.Builder<DegradationOp<?>> b = ImmutableList.builder();
    for (DegradationType t : DegradationType.official()) {
      b.add(OPS.get(t));
    }
    return b.build();
  }

  /** Typed static accessors, for callers that want the parameter record type. */
  public static MotionBlur motionBlur() {
    return (MotionBlur) OPS.get(DegradationType.MOTION_BLUR);
  }

  /** The gaussian_noise op (its replay needs {@link GaussianNoise#applyField}). */
  public static GaussianNoise gaussianNoise() {
    return (GaussianNoise) OPS.get(DegradationType.GAUSSIAN_NOISE);
  }
}
