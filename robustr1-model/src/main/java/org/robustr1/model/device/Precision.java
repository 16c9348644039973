package org.robustr1.model.device;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The floating-point type the model's weights and activations are held in. {@link #FP32} is the
 * default and the only one for training (master weights and optimizer state stay fp32); {@link
 * #FP16} and {@link #BF16} are for inference. Whatever the type, RMSNorm and the attention softmax
 * are computed in fp32 (as Hugging Face does) and the logits are widened to fp32 before sampling.
 *
 * <ul>
 *   <li>fp16 works with the stock DJL JNI on every device; on the CPU PyTorch's fp16 matmul is
 *       slow (about 1 GFLOP/s), so it is allowed there with a warning (for checks on small models),
 *       not recommended.
 *   <li>bf16 needs an engine whose JNI maps BF16: the stock DJL 0.36 JNI aborts the JVM on any
 *       BF16 array, so {@link #check} asks {@link Bf16Probe} first, which never risks this JVM.
 * </ul>
 */
public enum Precision {
  /** 32-bit IEEE floats (TF32 matmuls on the GPU unless switched off, {@link Devices#setTf32}). */
  FP32(DataType.FLOAT32, -Float.MAX_VALUE),
  /** IEEE half precision: inference only. */
  FP16(DataType.FLOAT16, -65504f),
  /** bfloat16: inference only, where the engine supports it. */
  BF16(DataType.BFLOAT16, -3.3895314e38f);

  private static final Logger LOG = LoggerFactory.getLogger(Precision.class);

  private final DataType dataType;
  private final float lowest;

  Precision(DataType dataType, float lowest) {
    this.dataType = dataType;
    this.lowest = lowest;
  }

  /** The DJL data type. */
  public DataType dataType() {
    return dataType;
  }

  /**
   * The most negative finite value of the type, as an fp32 number: the additive mask value of a
   * masked attention position (Hugging Face's {@code torch.finfo(dtype).min}), so that a row whose
   * keys are all masked stays finite.
   */
  public float lowest() {
    return lowest;
  }

  /** The precision of a DJL data type. */
  public static Precision of(DataType type) {
    for (Precision p : values()) {
      if (p.dataType == type) {
        return p;
      }
    }
    throw new IllegalArgumentException("no model precision for data type " + type + " (fp32, fp16, bf16)");
  }

  /**
   * Parses {@code fp32}, {@code fp16} or {@code bf16} (also {@code float32}, {@code float16},
   * {@code half}, {@code bfloat16}; case-insensitive).
   */
  public static Precision parse(String value) {
    requireNonNull(value, "value");
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "fp32":
      case "float32":
      case "f32":
        return FP32;
      case "fp16":
      case "float16":
      case "f16":
      case "half":
        return FP16;
      case "bf16":
      case "bfloat16":
        return BF16;
      default:
        throw new IllegalArgumentException("dtype must be fp32, fp16 or bf16, got '" + value + "'");
    }
  }

  /**
   * Checks that a model can run in this precision on {@code device}: fp16 on the CPU logs that it is
   * slow; bf16 asks {@link Bf16Probe#supported()} (a child JVM, at most once per process).
   *
   * @throws IllegalArgumentException for bf16 on an engine that aborts on BF16, naming fp16 and fp32
   */
  public void check(Device device) {
    if (this == FP16 && !device.isGpu()) {
      LOG.warn("fp16 on the CPU: PyTorch's fp16 matmul is slow there (about 1 GFLOP/s); fp32 is faster on the CPU");
    }
    if (this == BF16) {
      Bf16Probe.Result r = Bf16Probe.supported();
      if (!r.supported()) {
        throw new IllegalArgumentException(
            "--dtype bf16: the loaded DJL PyTorch JNI does not support BF16 ("
                + r.detail()
                + "); use --dtype fp16 or fp32, or build the patched JNI (scripts/djl-jni)");
      }
    }
  }

  /** Refuses anything but fp32 for training, saying why. */
  public void checkTrainable() {
    if (this != FP32) {
      throw new IllegalArgumentException(
          "--dtype "
              + this
              + " is for inference: training keeps fp32 master weights and optimizer state"
              + " (DJL's toType cuts the autograd graph, so half-precision compute cannot feed fp32"
              + " weights); use --dtype fp32 (TF32 matmuls on the GPU, --no-tf32 to switch them off)");
    }
  }

  /** {@code fp32}, {@code fp16} or {@code bf16}. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
