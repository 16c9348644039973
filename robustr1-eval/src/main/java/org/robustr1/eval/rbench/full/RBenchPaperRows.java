package org.robustr1.eval.rbench.full;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Locale;

/**
 * The R-Bench rows of the Robust-R1 paper (Table 1, arXiv 2512.17532v1, identical in the AAAI-26
 * proceedings): absolute robustness by task and strength (low, mid, high = strength 1, 2, 3) and
 * the overall score, which the paper takes as the plain mean of the nine cells.
 */
public final class RBenchPaperRows {

  /**
   * One method's row.
   *
   * @param method the paper's name for it
   * @param cells MCQ l/m/h, VQA l/m/h, CAP l/m/h
   * @param overall the paper's overall (mean of the nine cells)
   */
  public record Row(String method, ImmutableList<Double> cells, double overall) {}

  /** Qwen2.5-VL-3B, the base model. */
  public static final Row QWEN25_VL_3B = new Row("Qwen2.5-VL-3B (paper)",
      ImmutableList.of(.6411, .6022, .5732, .4872, .4854, .4904, .3778, .3704, .3330), .4845);

  /** Robust-R1 after SFT. */
  public static final Row ROBUST_R1_SFT = new Row("Robust-R1 SFT (paper)",
      ImmutableList.of(.6176, .6087, .5610, .4804, .4836, .5012, .4080, .3858, .3518), .4886);

  /** Robust-R1 after SFT and RL. */
  public static final Row ROBUST_R1_SFT_RL = new Row("Robust-R1 SFT+RL (paper)",
      ImmutableList.of(.6529, .6391, .6097, .4914, .4909, .4980, .4068, .3781, .3484), .5017);

  private RBenchPaperRows() {}

  /**
   * The paper's rows to show beside a run of {@code modelName}: all three when the name is
   * Qwen2.5-VL-3B's or a Robust-R1 checkpoint's (a folder or served name such as {@code
   * Qwen2.5-VL-3B-Instruct}, {@code Robust-R1-SFT}, {@code Robust-R1-RL}), none otherwise.
   */
  public static List<Row> besides(String modelName) {
    String n = modelName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    boolean qwen3b = n.contains("qwen25vl3b");
    boolean robust = n.contains("robustr1");
    return qwen3b || robust ? List.of(QWEN25_VL_3B, ROBUST_R1_SFT, ROBUST_R1_SFT_RL) : List.of();
  }
}
