package org.robustr1.eval.rbench;

import java.util.Locale;

/** The three R-Bench tasks. */
public enum RBenchTask {
  /** Multiple choice. */
  MCQ,
  /** Open short-answer VQA. */
  VQA,
  /** Captioning. */
  CAP;

  /** Parses {@code MCQ}, {@code VQA} or {@code CAP}. */
  public static RBenchTask parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unknown R-Bench type '" + s + "'; expected MCQ, VQA or CAP", e);
    }
  }
}
