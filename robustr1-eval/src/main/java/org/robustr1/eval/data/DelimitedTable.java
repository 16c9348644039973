package org.robustr1.eval.data;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A delimited text file read the way {@code pandas.read_csv} reads it with default options:
 * first line is the header; a field that starts with {@code "} is quoted ({@code ""} escapes a
 * quote, delimiters and line breaks inside are data); blank lines are skipped; short rows are
 * padded with missing cells; a row with more fields than the header is an error naming the file
 * and row.
 *
 * <p>Cells are kept as raw strings. {@link #isNa(String)} tells which ones pandas reads as NaN, and
 * {@link ColumnType} reproduces pandas' per-column type inference for printing values as Python
 * does.
 */
public final class DelimitedTable {

  /** The cells pandas reads as NaN by default (pandas 2.x, which also includes {@code None}). */
  public static final Set<String> NA_VALUES =
      Set.of(
          "", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND",
          "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");

  /**
   * One data row.
   *
   * @param number 1-based data row number (header excluded, blank lines not counted)
   * @param line 1-based line of the file where the row starts
   * @param cells raw cells, one per header column (missing cells are {@code null})
   */
  public record Row(int number, int line, List<String> cells) {}

  private final Path file;
  private final Charset charset;
  private final ImmutableList<String> header;
  private final ImmutableList<Row> rows;
  private final Map<String, Integer> columnIndex;

  private DelimitedTable(Path file, Charset charset, List<String> header, List<Row> rows) {
    this.file = file;
    this.charset = charset;
    this.header = ImmutableList.copyOf(header);
    this.rows = ImmutableList.copyOf(rows);
    this.columnIndex = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      columnIndex.putIfAbsent(header.get(i), i);
    }
  }

  /** Whether pandas reads {@code cell} as NaN. */
  public static boolean isNa(String cell) {
    return cell == null || NA_VALUES.contains(cell);
  }

  /** Reads a tab-separated file (UTF-8, or GBK when the bytes are not valid UTF-8). */
  public static DelimitedTable readTsv(Path file) {
    return read(file, '\t', null);
  }

  /** Reads a comma-separated file (UTF-8, or GBK when the bytes are not valid UTF-8). */
  public static DelimitedTable readCsv(Path file) {
    return read(file, ',', null);
  }

  /**
   * Reads {@code file}.
   *
   * @param separator the field separator
   * @param charset the encoding, or null to take UTF-8 when the bytes are valid UTF-8 and GBK
   *     (the R-Bench answer key's encoding) otherwise
   */
  public static DelimitedTable read(Path file, char separator, Charset charset) {
    requireNonNull(file, "file");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new DataFormatException(file, 0, "cannot read: " + e.getMessage(), e);
    }
    Charset cs = charset;
    String text;
    if (cs == null) {
      try {
        text = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes)).toString();
        cs = StandardCharsets.UTF_8;
      } catch (CharacterCodingException e) {
        cs = Charset.forName("GBK");
        text = decodeStrict(file, bytes, cs);
      }
    } else {
      text = decodeStrict(file, bytes, cs);
    }
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    return parse(file, cs, text, separator);
  }

  private static String decodeStrict(Path file, byte[] bytes, Charset cs) {
    try {
      return cs.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new DataFormatException(file, 0, "not valid " + cs.name() + " text", e);
    }
  }

  /** Parses already-decoded text (the file name is used in messages only). */
  public static DelimitedTable parse(Path file, Charset charset, String text, char sep) {
    List<List<String>> records = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    int n = text.length();
    int i = 0;
    int line = 1;
    while (i < n) {
      int recordLine = line;
      List<String> fields = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      boolean quotedField = false;
      boolean inQuotes = false;
      boolean fieldStart = true;
      boolean lineHasContent = false;
      int quoteStartLine = line;
      while (i < n) {
        char c = text.charAt(i);
        if (inQuotes) {
          if (c == '"') {
            if (i + 1 < n && text.charAt(i + 1) == '"') {
              cur.append('"');
              i += 2;
              continue;
            }
            inQuotes = false;
            i++;
            continue;
          }
          if (c == '\n') {
            line++;
          } else if (c == '\r') {
            line++;
            if (i + 1 < n && text.charAt(i + 1) == '\n') {
              cur.append('\r');
              i++;
              c = '\n';
            }
          }
          cur.append(c);
          i++;
          continue;
        }
        if (c == '\n' || c == '\r') {
          i++;
          if (c == '\r' && i < n && text.charAt(i) == '\n') {
            i++;
          }
          line++;
          break;
        }
        lineHasContent = true;
        if (c == sep) {
          fields.add(cur.toString());
          cur.setLength(0);
          quotedField = false;
          fieldStart = true;
          i++;
          continue;
        }
        if (c == '"' && fieldStart) {
          inQuotes = true;
          quotedField = true;
          quoteStartLine = line;
          fieldStart = false;
          i++;
          continue;
        }
        fieldStart = false;
        cur.append(c);
        i++;
      }
      if (inQuotes) {
        throw new DataFormatException(
            file, records.size(), "end of file inside a quoted field that starts on line " + quoteStartLine);
      }
      if (!lineHasContent && fields.isEmpty() && cur.length() == 0 && !quotedField) {
        continue;
      }
      fields.add(cur.toString());
      records.add(fields);
      lines.add(recordLine);
    }
    if (records.isEmpty()) {
      throw new DataFormatException(file, 0, "empty file: no header line");
    }
    List<String> header = records.get(0);
    List<Row> rows = new ArrayList<>(records.size() - 1);
    for (int r = 1; r < records.size(); r++) {
      List<String> f = records.get(r);
      if (f.size() > header.size()) {
        throw new DataFormatException(
            file, r, "expected " + header.size() + " fields, saw " + f.size() + " (line " + lines.get(r) + ")");
      }
      List<String> cells = new ArrayList<>(header.size());
      cells.addAll(f);
      while (cells.size() < header.size()) {
        cells.add(null);
      }
      rows.add(new Row(r, lines.get(r), java.util.Collections.unmodifiableList(cells)));
    }
    return new DelimitedTable(file, charset, header, rows);
  }

  /** The file this table came from. */
  public Path file() {
    return file;
  }

  /** The encoding used. */
  public Charset charset() {
    return charset;
  }

  /** The header cells. */
  public ImmutableList<String> header() {
    return header;
  }

  /** The data rows. */
  public ImmutableList<Row> rows() {
    return rows;
  }

  /** The position of {@code column}, if present. */
  public Optional<Integer> column(String column) {
    return Optional.ofNullable(columnIndex.get(column));
  }

  /** The position of a required column; a {@link DataFormatException} naming it otherwise. */
  public int requireColumn(String column) {
    Integer i = columnIndex.get(column);
    if (i == null) {
      throw new DataFormatException(file, 0, "missing column '" + column + "' (header: " + header + ")");
    }
    return i;
  }

  /** The first present column among {@code names} (aliases), if any. */
  public Optional<Integer> anyColumn(String... names) {
    for (String n : names) {
      Integer i = columnIndex.get(n);
      if (i != null) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** All raw cells of column {@code c}. */
  public List<String> columnCells(int c) {
    List<String> out = new ArrayList<>(rows.size());
    for (Row r : rows) {
      out.add(r.cells().get(c));
    }
    return out;
  }
}
