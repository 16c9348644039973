package org.robustr1.demo;

import java.nio.file.Path;
import java.util.Arrays;
import org.robustr1.degrade.dataset.OutputMode;

/**
 * Writes only the demo's degraded chain training set ({@code OUT/data/chain}: images, train.jsonl and
 * the degradations.jsonl labels) of the full demo's config with {@link DemoVariant}'s {@code NAME=VALUE}
 * changes; no training. Usage: {@code OUT SEED NAME=VALUE...}, for example {@code runs/d21 21
 * trainScenes=6000} (6,000 images in about 80 s on two cores).
 */
public final class DegradedSet {

  public static void main(String[] a) throws Exception {
    DemoConfig cfg = DemoVariant.config(Arrays.copyOfRange(a, 1, a.length));
    DemoPipeline p = new DemoPipeline(cfg, Path.of(a[0]), System.out);
    System.out.println(p.trainingSet(p.generateScenes(), OutputMode.CHAIN));
  }
}
