package org.robustr1.eval.score;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.robustr1.core.chain.PythonText;

/**
 * VLMEvalKit's {@code report_acc}: one row per {@code split} (a single {@code none} row without a
 * split column); columns {@code Overall}, then each sorted {@code l2-category} value, then each
 * sorted {@code category} value (MMBench names abbreviated after sorting); each cell the mean hit
 * of its items in that split (NaN when none).
 *
 * <p>The reference orders split rows as a Python {@code set} does; here they come in order of
 * first appearance, so compare rows by split name.
 *
 * @param columns column names, {@code split} first
 * @param rows one map per split: column to value ({@code split} maps to the split name)
 */
public record AccTable(ImmutableList<String> columns, ImmutableList<ImmutableMap<String, Object>> rows) {

  /** MMBench category abbreviations applied by {@code report_acc}. */
  public static final ImmutableMap<String, String> MMB_ABBRS =
      ImmutableMap.<String, String>builder()
          .put("coarse_perception", "CP")
          .put("finegrained_perception (instance-level)", "FP-S")
          .put("finegrained_perception (cross-instance)", "FP-C")
          .put("logic_reasoning", "LR")
          .put("relation_reasoning", "RR")
          .put("attribute_reasoning", "AR")
          .build();

  /**
   * One scored item.
   *
   * @param split split value (ignored when the table has no split column)
   * @param category category (null when absent)
   * @param l2Category l2-category (null when absent)
   * @param hit 0 or 1
   */
  public record Entry(String split, String category, String l2Category, int hit) {}

  /** Python's string ordering: by code point. */
  private static final Comparator<String> PY_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  /** Builds the table. */
  public static AccTable of(
      List<Entry> entries, boolean hasSplit, boolean hasCategory, boolean hasL2Category) {
    requireNonNull(entries, "entries");
    List<String> splits = new ArrayList<>();
    if (hasSplit) {
      for (Entry e : entries) {
        if (!splits.contains(String.valueOf(e.split()))) {
          splits.add(String.valueOf(e.split()));
        }
      }
    } else {
      splits.add("none");
    }
    List<String> columns = new ArrayList<>(List.of("split", "Overall"));
    Map<String, Map<String, Double>> values = new LinkedHashMap<>();
    Map<String, Double> overall = new LinkedHashMap<>();
    for (String sp : splits) {
      overall.put(sp, mean(entries, e -> !hasSplit || sp.equals(String.valueOf(e.split()))));
    }
    values.put("Overall", overall);
    for (String group : List.of("l2-category", "category")) {
      boolean present = group.equals("category") ? hasCategory : hasL2Category;
      if (!present) {
        continue;
      }
      TreeSet<String> abilities = new TreeSet<>(PY_ORDER);
      for (Entry e : entries) {
        abilities.add(String.valueOf(group.equals("category") ? e.category() : e.l2Category()));
      }
      for (String ab : abilities) {
        String colName = MMB_ABBRS.getOrDefault(ab, ab);
        Map<String, Double> col = new LinkedHashMap<>();
        for (String sp : splits) {
          col.put(sp, mean(entries, e ->
              ab.equals(String.valueOf(group.equals("category") ? e.category() : e.l2Category()))
                  && (!hasSplit || sp.equals(String.valueOf(e.split())))));
        }
        if (!values.containsKey(colName)) {
          columns.add(colName);
        }
        values.put(colName, col);
      }
    }
    ImmutableList.Builder<ImmutableMap<String, Object>> rows = ImmutableList.builder();
    for (String sp : splits) {
      ImmutableMap.Builder<String, Object> row = ImmutableMap.builder();
      row.put("split", sp);
      for (String c : columns.subList(1, columns.size())) {
        row.put(c, values.get(c).get(sp));
      }
      rows.add(row.build());
    }
    return new AccTable(ImmutableList.copyOf(columns), rows.build());
  }

  private static double mean(List<Entry> entries, java.util.function.Predicate<Entry> in) {
    long sum = 0;
    int n = 0;
    for (Entry e : entries) {
      if (in.test(e)) {
        sum += e.hit();
        n++;
      }
    }
    return n == 0 ? Double.NaN : (double) sum / n;
  }

  /** The row of one split, if present. */
  public java.util.Optional<ImmutableMap<String, Object>> row(String split) {
    return rows.stream().filter(r -> split.equals(r.get("split"))).findFirst();
  }

  /** The CSV VLMEvalKit's {@code dump} writes: every field quoted, floats as Python repr, NaN empty. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder();
    appendCsvLine(sb, columns);
    for (Map<String, Object> r : rows) {
      List<String> cells = new ArrayList<>();
      for (String c : columns) {
        Object v = r.get(c);
        cells.add(v instanceof Double d ? (d.isNaN() ? "" : PythonText.floatRepr(d)) : String.valueOf(v));
      }
      appendCsvLine(sb, cells);
    }
    return sb.toString();
  }

  private static void appendCsvLine(StringBuilder sb, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append('"').append(cells.get(i).replace("\"", "\"\"")).append('"');
    }
    sb.append('\n');
  }

  /** Writes {@link #toCsv()} to {@code file}. */
  public void writeCsv(Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(toCsv());
    }
  }
}
