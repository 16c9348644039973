package org.robustr1.eval.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model predictions keyed by item index, read from a VLMEvalKit-style TSV ({@code index} and
 * {@code prediction} columns; an empty cell becomes {@code "nan"} as {@code str(NaN)} does) or a
 * JSONL file of {@code {"index": ..., "prediction": "..."}} lines (the prediction cache format;
 * a later line for the same index replaces an earlier one, a torn last line is ignored).
 */
public final class Predictions {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Predictions() {}

  /** Reads {@code file}; {@code .jsonl} / {@code .json} by content, anything else as TSV. */
  public static Map<String, String> read(Path file) {
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") ? readJsonl(file) : readTsv(file);
  }

  /** Reads a TSV with {@code index} and {@code prediction} columns. */
  public static Map<String, String> readTsv(Path file) {
    DelimitedTable t = DelimitedTable.readTsv(file);
    int idx = t.requireColumn("index");
    int pred = t.requireColumn("prediction");
    ColumnType it = ColumnType.infer(t.columnCells(idx));
    ColumnType pt = ColumnType.infer(t.columnCells(pred));
    Map<String, String> out = new LinkedHashMap<>();
    for (DelimitedTable.Row r : t.rows()) {
      String i = it.format(r.cells().get(idx));
      if (i == null) {
        throw new DataFormatException(file, r.number(), "column 'index' is empty");
      }
      String p = pt.format(r.cells().get(pred));
      if (out.put(i, p == null ? "nan" : p) != null) {
        throw new DataFormatException(file, r.number(), "duplicate index '" + i + "'");
      }
    }
    return out;
  }

  /** Reads JSONL prediction lines. */
  public static Map<String, String> readJsonl(Path file) {
    Map<String, String> out = new LinkedHashMap<>();
    try (BufferedReader br = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      String pendingError = null;
      while ((line = br.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        if (pendingError != null) {
          throw new DataFormatException(file, n - 1, pendingError);
        }
        JsonNode node;
        try {
          node = JSON.readTree(line);
        } catch (IOException e) {
          pendingError = "not a JSON object: " + e.getMessage();
          continue;
        }
        if (node == null || !node.isObject() || !node.hasNonNull("index") || !node.has("prediction")) {
          throw new DataFormatException(file, n, "expected {\"index\": ..., \"prediction\": ...}");
        }
        JsonNode p = node.get("prediction");
        out.put(indexText(node.get("index")), p.isNull() ? "nan" : p.asText());
      }
    } catch (IOException e) {
      throw new DataFormatException(file, 0, "cannot read: " + e.getMessage(), e);
    }
    return out;
  }

  /** An index JSON value as text ({@code 3}, {@code "3"} and {@code 3.0} all give {@code "3"}). */
  public static String indexText(JsonNode v) {
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    if (v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue())) {
      return String.valueOf((long) v.doubleValue());
    }
    return v.asText();
  }
}
