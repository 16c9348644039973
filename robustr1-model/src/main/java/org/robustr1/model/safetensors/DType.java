package org.robustr1.model.safetensors;

import java.util.Optional;

/** Element types of the safetensors format, with their byte sizes. */
public enum DType {
  /** IEEE double. */
  F64(8, true),
  /** IEEE single. */
  F32(4, true),
  /** IEEE half. */
  F16(2, true),
  /** bfloat16 (the upper 16 bits of a float32). */
  BF16(2, true),
  /** 8-bit float, e4m3. */
  F8_E4M3(1, true),
  /** 8-bit float, e5m2. */
  F8_E5M2(1, true),
  /** Signed 64-bit integer. */
  I64(8, false),
  /** Signed 32-bit integer. */
  I32(4, false),
  /** Signed 16-bit integer. */
  I16(2, false),
  /** Signed 8-bit integer. */
  I8(1, false),
  /** Unsigned 64-bit integer. */
  U64(8, false),
  /** Unsigned 32-bit integer. */
  U32(4, false),
  /** Unsigned 16-bit integer. */
  U16(2, false),
  /** Unsigned 8-bit integer. */
  U8(1, false),
  /** Boolean, one byte. */
  BOOL(1, false);

  private final int byteSize;
  private final boolean floating;

  DType(int byteSize, boolean floating) {
    this.byteSize = byteSize;
    this.floating = floating;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether this is a floating-point type. */
  public boolean isFloating() {
    return floating;
  }

  /** The type for a header string such as {@code "BF16"}, if known. */
  public static Optional<DType> fromHeader(String s) {
    for (DType d : values()) {
      if (d.name().equals(s)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
