package org.robustr1.train.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a {@code metrics.jsonl} as CSV: one column per key in order of first appearance, one row
 * per line, empty cells for keys a line lacks; values containing a comma, quote or line break are
 * quoted.
 */
public final class MetricsCsv {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MetricsCsv() {}

  /** Converts {@code jsonl} into {@code csv} (replaced). Unreadable lines are left out. */
  public static void write(Path jsonl, Path csv) throws IOException {
    List<JsonNode> rows = read(jsonl);
    Set<String> columns = new LinkedHashSet<>();
    for (JsonNode n : rows) {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        columns.add(it.next());
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write(String.join(",", columns.stream().map(MetricsCsv::cell).toList()));
      w.newLine();
      for (JsonNode n : rows) {
        List<String> cells = new ArrayList<>(columns.size());
        for (String c : columns) {
          JsonNode v = n.get(c);
          cells.add(v == null || v.isNull() ? "" : cell(v.isValueNode() ? v.asText() : v.toString()));
        }
        w.write(String.join(",", cells));
        w.newLine();
      }
    }
  }

  /** The parsable lines of a JSON Lines file. */
  static List<JsonNode> read(Path jsonl) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        out.add(JSON.readTree(line));
      } catch (IOException e) {
        // a line cut by a kill
      }
    }
    return out;
  }

  private static String cell(String v) {
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
