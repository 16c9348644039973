package org.robustr1.eval.rbench.full;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.robustr1.core.io.AtomicFiles;

/**
 * Writes a table as {@code DataFrame.to_csv(path)} does with pandas' defaults: a leading unnamed
 * index column {@code 0..n-1}, {@code ,} separators, {@code \n} line ends, UTF-8, and Python's
 * {@code csv.QUOTE_MINIMAL}: a cell is quoted only when it holds a comma, a quote (doubled) or a
 * line break; a null cell (NaN) is written empty.
 */
final class PandasCsv {

  private PandasCsv() {}

  static void write(Path file, List<String> columns, List<List<String>> rows) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String c : columns) {
      sb.append(',').append(cell(c));
    }
    sb.append('\n');
    for (int i = 0; i < rows.size(); i++) {
      sb.append(i);
      for (String v : rows.get(i)) {
        sb.append(',').append(cell(v));
      }
      sb.append('\n');
    }
    AtomicFiles.writeString(file, sb);
  }

  static String cell(String v) {
    if (v == null) {
      return "";
    }
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      return '"' + v.replace("\"", "\"\"") + '"';
    }
    return v;
  }
}
