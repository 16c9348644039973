package org.robustr1.eval.rbench.full;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.data.DataFormatException;
import org.robustr1.eval.data.DelimitedTable;
import org.robustr1.eval.data.Skipped;
import org.robustr1.eval.rbench.RBenchItem;

/**
 * The notebook's layout: {@code Ref_Release.csv} (GBK or UTF-8) beside {@code ref/} and {@code
 * dis/}, which hold each item's reference and distorted image under its {@code name}.
 */
final class RBenchFolder {

  /** The answer key's file name. */
  static final String ANSWER_KEY = "Ref_Release.csv";

  record Images(Path refDir, Path disDir) implements RBenchData.ImageReader {
    @Override
    public void forEach(List<RBenchItem> wanted, RBenchData.ImagePairConsumer consumer) throws IOException {
      for (RBenchItem item : wanted) {
        consumer.accept(new RBenchData.ImagePair(item, read(refDir, item), read(disDir, item),
            refDir.getFileName() + "/" + item.name(), disDir.getFileName() + "/" + item.name()));
      }
    }

    private static byte[] read(Path dir, RBenchItem item) throws IOException {
      Path p = dir.resolve(item.name());
      return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
    }
  }

  private RBenchFolder() {}

  static RBenchData read(Path path, BadInputPolicy policy) {
    Path csv = Files.isDirectory(path) ? path.resolve(ANSWER_KEY) : path;
    Path dir = csv.toAbsolutePath().getParent();
    if (!Files.isRegularFile(csv)) {
      throw new DataFormatException(path, 0, "expected All.parquet, or a folder with " + ANSWER_KEY
          + ", ref/ and dis/ (the notebook's layout)");
    }
    Path refDir = dir.resolve("ref");
    Path disDir = dir.resolve("dis");
    for (Path d : List.of(refDir, disDir)) {
      if (!Files.isDirectory(d)) {
        throw new DataFormatException(csv, 0, "image folder " + d + " is missing; the notebook's layout puts "
            + "each item's reference image in ref/NAME and its distorted image in dis/NAME beside " + ANSWER_KEY);
      }
    }
    DelimitedTable t = DelimitedTable.readCsv(csv);
    Map<String, Integer> col = new LinkedHashMap<>();
    for (String c : RBenchData.COLUMNS) {
      Optional<Integer> i = t.column(c);
      if (i.isEmpty()) {
        throw new DataFormatException(csv, 0, "column '" + c + "' is missing; the answer key needs "
            + String.join(", ", RBenchData.COLUMNS) + " (found: " + String.join(", ", t.header()) + ")");
      }
      col.put(c, i.get());
    }
    Optional<Integer> score = t.column("score");
    List<RBenchItem> items = new ArrayList<>();
    Map<Integer, String> scores = new LinkedHashMap<>();
    List<Skipped> skipped = new ArrayList<>();
    for (DelimitedTable.Row r : t.rows()) {
      try {
        items.add(RBenchData.item(csv, r.number(), c -> {
          String v = r.cells().get(col.get(c));
          return v == null || v.isEmpty() ? null : v;
        }));
        score.ifPresent(s -> scores.put(r.number(), r.cells().get(s)));
      } catch (DataFormatException e) {
        RBenchData.onBadRow(e, policy, skipped, r.cells().get(col.get("name")));
      }
    }
    return new RBenchData(csv, items, scores, skipped, new Images(refDir, disDir));
  }
}
