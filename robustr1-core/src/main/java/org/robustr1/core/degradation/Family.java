package org.robustr1.core.degradation;

/** Where a {@link DegradationType} comes from. */
public enum Family {
  /** One of the 16 operations of the official Robust-R1 {@code add_degradation.py}. */
  ROBUST_R1,
  /** One of the ImageNet-C common corruptions (15 benchmark + 4 extra validation corruptions). */
  IMAGENET_C
}
