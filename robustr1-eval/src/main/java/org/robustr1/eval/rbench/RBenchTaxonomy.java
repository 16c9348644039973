package org.robustr1.eval.rbench;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import java.util.List;
import java.util.Map;

/**
 * The official notebook's grouping of the 33 R-Bench distortion ids into 7 capture-to-reception
 * steps and 7 low-level attribute groups.
 */
public final class RBenchTaxonomy {

  /** Step code to distortion ids, in the notebook's order. */
  public static final ImmutableMap<String, List<Integer>> STEPS =
      ImmutableMap.<String, List<Integer>>builder()
          .put("EI", List.of(1, 2, 3, 4))
          .put("CI", List.of(5, 6, 7, 8))
          .put("AD", List.of(9, 10, 11, 12, 13))
          .put("SE", List.of(14, 15, 16, 17, 18))
          .put("CT", List.of(19, 20, 21, 22))
          .put("RD", List.of(23, 24, 25, 26, 27))
          .put("EP", List.of(28, 29, 30, 31, 32, 33))
          .build();

  /** Step code to its long name. */
  public static final ImmutableMap<String, String> STEP_NAMES =
      ImmutableMap.<String, String>builder()
          .put("EI", "Environment interference")
          .put("CI", "Camera interference")
          .put("AD", "Analog-to-digital")
          .put("SE", "Source encoding")
          .put("CT", "Channel transmission")
          .put("RD", "Receiver decoding")
          .put("EP", "Enhancement postprocess")
          .build();

  /** Group name to distortion ids. */
  public static final ImmutableMap<String, List<Integer>> GROUPS =
      ImmutableMap.<String, List<Integer>>builder()
          .put("Blur", List.of(1, 5, 28))
          .put("Luminance", List.of(25, 26, 27))
          .put("Chrominance", List.of(14, 23, 24, 29, 30, 32, 33))
          .put("Spatial", List.of(6, 13, 18, 19, 20, 21, 22))
          .put("Noise", List.of(9, 10, 11, 12, 31))
          .put("Compression", List.of(15, 16, 17))
          .put("Wild", List.of(2, 3, 4, 7, 8))
          .build();

  private RBenchTaxonomy() {}

  /** The step code of a distortion id (1..33). */
  public static String stepOf(int distortion) {
    return find(STEPS, distortion);
  }

  /** The group name of a distortion id (1..33). */
  public static String groupOf(int distortion) {
    return find(GROUPS, distortion);
  }

  private static String find(Map<String, List<Integer>> map, int distortion) {
    checkArgument(distortion >= 1 && distortion <= 33, "R-Bench distortion id must be 1..33, got %s", distortion);
    for (Map.Entry<String, List<Integer>> e : map.entrySet()) {
      if (e.getValue().contains(distortion)) {
        return e.getKey();
      }
    }
    throw new AssertionError("distortion " + distortion + " in no bucket");
  }
}
