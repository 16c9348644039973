package org.robustr1.core.tensor;

/**
 * Exact widening of 16-bit floats to float32, shared by the model's safetensors reader and {@link
 * org.robustr1.core.tensor.NpyArray} ({@code <f2}). Widening in Java keeps bf16 and f16 weights away
 * from DJL's BF16 creation and casts, which abort the JVM.
 */
public final class HalfFloats {

  private HalfFloats() {}

  /** bfloat16 bits to float32, exact (the upper half of the float's bits). */
  public static float bf16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xFFFF) << 16);
  }

  /** IEEE 754 half bits to float32, exact (subnormals, infinities and NaN payloads kept). */
  public static float f16ToFloat(short bits) {
    int h = bits & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
