package org.robustr1.model.safetensors;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.robustr1.model.config.Qwen25VlConfig;

/** Compares tensor names and shapes with what a config implies. */
final class ShapeCheck {
  private ShapeCheck() {}

  /**
   * The problems, one line each.
   *
   * @param actual shapes by stored name
   * @param fileOf file name that holds a stored name
   * @param expected shapes by canonical name
   * @param source what to name for missing tensors
   */
  static List<String> problems(
      Map<String, long[]> actual,
      Function<String, String> fileOf,
      Map<String, long[]> expected,
      String source) {
    List<String> problems = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, long[]> a : actual.entrySet()) {
      String name = a.getKey();
      String canon = Qwen25VlConfig.canonicalWeightName(name);
      String file = fileOf.apply(name);
      long[] want = expected.get(canon);
      if (want == null) {
        if (!canon.equals("lm_head.weight") && !canon.endsWith("inv_freq")) {
          problems.add(
              file + ": unexpected tensor " + name + " " + Arrays.toString(a.getValue())
                  + " (not implied by the config)");
        }
        continue;
      }
      if (!seen.add(canon)) {
        problems.add(file + ": tensor " + name + " duplicates " + canon);
        continue;
      }
      if (!Arrays.equals(want, a.getValue())) {
        problems.add(
            file + ": tensor " + name + " has shape " + Arrays.toString(a.getValue())
                + ", config implies " + Arrays.toString(want));
      }
    }
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      if (!seen.contains(e.getKey())) {
        problems.add(source + ": missing tensor " + e.getKey() + " " + Arrays.toString(e.getValue()));
      }
    }
    return problems;
  }
}
