package org.robustr1.model.safetensors;

import java.nio.ByteBuffer;
import org.robustr1.core.tensor.HalfFloats;

/** Conversions of little-endian on-disk elements to float32 and int64 (16-bit floats via {@link HalfFloats}). */
final class Widening {
  private Widening() {}

  /** float8 e4m3fn bits to float32 (no infinities; 0x7F/0xFF are NaN). */
  static float f8e4m3ToFloat(byte b) {
    int v = b & 0xFF;
    int sign = v >>> 7;
    int exp = (v >>> 3) & 0xF;
    int mant = v & 0x7;
    float r;
    if (exp == 0xF && mant == 0x7) {
      r = Float.NaN;
    } else if (exp == 0) {
      r = mant * 0x1p-9f;
    } else {
      r = (1 + mant / 8f) * (float) Math.scalb(1.0, exp - 7);
    }
    return sign == 1 ? -r : r;
  }

  /** float8 e5m2 bits to float32 (the upper byte of an IEEE half). */
  static float f8e5m2ToFloat(byte b) {
    return HalfFloats.f16ToFloat((short) ((b & 0xFF) << 8));
  }

  static void toFloats(TensorInfo t, ByteBuffer seg, int count, float[] out, int off) {
    switch (t.dtype()) {
      case F32 -> seg.asFloatBuffer().get(out, off, count);
      case BF16 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = HalfFloats.bf16ToFloat(seg.getShort(2 * i));
        }
      }
      case F16 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = HalfFloats.f16ToFloat(seg.getShort(2 * i));
        }
      }
      case F64 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = (float) seg.getDouble(8 * i);
        }
      }
      case F8_E4M3 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = f8e4m3ToFloat(seg.get(i));
        }
      }
      case F8_E5M2 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = f8e5m2ToFloat(seg.get(i));
        }
      }
      case I64 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.getLong(8 * i);
        }
      }
      case U64 -> {
        for (int i = 0; i < count; i++) {
          long v = seg.getLong(8 * i);
          out[off + i] = v >= 0 ? v : (float) (v >>> 1) * 2f;
        }
      }
      case I32 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.getInt(4 * i);
        }
      }
      case U32 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.getInt(4 * i) & 0xFFFFFFFFL;
        }
      }
      case I16 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.getShort(2 * i);
        }
      }
      case U16 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.getShort(2 * i) & 0xFFFF;
        }
      }
      case I8 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.get(i);
        }
      }
      case U8, BOOL -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.get(i) & 0xFF;
        }
      }
    }
  }

  static void toLongs(TensorInfo t, ByteBuffer seg, int count, long[] out, int off) {
    switch (t.dtype()) {
      case I64, U64 -> seg.asLongBuffer().get(out, off, count);
      case I32 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.getInt(4 * i);
        }
      }
      case U32 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.getInt(4 * i) & 0xFFFFFFFFL;
        }
      }
      case I16 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.getShort(2 * i);
        }
      }
      case U16 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.getShort(2 * i) & 0xFFFF;
        }
      }
      case I8 -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.get(i);
        }
      }
      case U8, BOOL -> {
        for (int i = 0; i < count; i++) {
          out[off + i] = seg.get(i) & 0xFF;
        }
      }
      default -> throw new IllegalArgumentException(t.file() + ": tensor " + t.name() + " is not an integer type");
    }
  }
}
