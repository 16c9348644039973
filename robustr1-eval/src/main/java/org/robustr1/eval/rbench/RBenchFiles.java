package org.robustr1.eval.rbench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.robustr1.eval.data.DataFormatException;
import org.robustr1.eval.data.DelimitedTable;

/**
 * Readers for the R-Bench CSV files: the answer key ({@code Ref_Release.csv}, GBK), model
 * outputs ({@code exp/{model}_{ref,dis}.csv}) and scored results ({@code
 * result/Result_{dis,ref,com}_{model}.csv}). Columns are found by name; the leading unnamed pandas
 * index column, if any, is ignored.
 */
public final class RBenchFiles {

  /**
   * One row of a model-output file.
   *
   * @param row 1-based data row
   * @param name image name
   * @param answer the model's raw answer ({@code "nan"} for an empty cell, as pandas gives)
   */
  public record Output(int row, String name, String answer) {}

  /**
   * One row of a scored result file.
   *
   * @param row 1-based data row
   * @param name image name
   * @param task the task
   * @param distortion distortion id
   * @param strength strength 1..3
   * @param result the judged score in [0, 1]
   */
  public record Scored(int row, String name, RBenchTask task, int distortion, int strength, double result) {}

  private RBenchFiles() {}

  /** Reads the answer key. */
  public static List<RBenchItem> readAnswerKey(Path file) {
    DelimitedTable t = DelimitedTable.readCsv(file);
    int name = t.requireColumn("name");
    int question = t.requireColumn("question");
    int choice = t.requireColumn("choice");
    int answer = t.requireColumn("answer");
    int type = t.requireColumn("type");
    int distortion = t.requireColumn("distortion");
    int strength = t.requireColumn("strength");
    List<RBenchItem> out = new ArrayList<>(t.rows().size());
    for (DelimitedTable.Row r : t.rows()) {
      try {
        out.add(new RBenchItem(
            r.number(),
            required(file, r, name, "name"),
            nanToText(r.cells().get(question)),
            nanToText(r.cells().get(choice)),
            nanToText(r.cells().get(answer)),
            RBenchTask.parse(required(file, r, type, "type")),
            parseInt(file, r, distortion, "distortion"),
            parseInt(file, r, strength, "strength")));
      } catch (IllegalArgumentException e) {
        throw new DataFormatException(file, r.number(), e.getMessage(), e);
      }
    }
    return out;
  }

  /** Reads a model-output file. */
  public static List<Output> readOutputs(Path file) {
    DelimitedTable t = DelimitedTable.readCsv(file);
    int name = t.requireColumn("name");
    int answer = t.requireColumn("answer");
    List<Output> out = new ArrayList<>(t.rows().size());
    for (DelimitedTable.Row r : t.rows()) {
      out.add(new Output(r.number(), required(file, r, name, "name"), nanToText(r.cells().get(answer))));
    }
    return out;
  }

  /** Reads a scored result file. */
  public static List<Scored> readScored(Path file) {
    DelimitedTable t = DelimitedTable.readCsv(file);
    int name = t.requireColumn("name");
    int type = t.requireColumn("type");
    int distortion = t.requireColumn("distortion");
    int strength = t.requireColumn("strength");
    int result = t.requireColumn("result");
    List<Scored> out = new ArrayList<>(t.rows().size());
    for (DelimitedTable.Row r : t.rows()) {
      String cell = required(file, r, result, "result");
      double v;
      try {
        v = Double.parseDouble(cell.trim());
      } catch (NumberFormatException e) {
        throw new DataFormatException(file, r.number(), "column 'result' is not a number: '" + cell + "'", e);
      }
      if (!(v >= 0 && v <= 1)) {
        throw new DataFormatException(file, r.number(), "column 'result' must be in [0, 1], got " + v);
      }
      try {
        out.add(new Scored(
            r.number(),
            required(file, r, name, "name"),
            RBenchTask.parse(required(file, r, type, "type")),
            parseInt(file, r, distortion, "distortion"),
            parseInt(file, r, strength, "strength"),
            v));
      } catch (IllegalArgumentException e) {
        throw new DataFormatException(file, r.number(), e.getMessage(), e);
      }
    }
    return out;
  }

  private static String nanToText(String cell) {
    return DelimitedTable.isNa(cell) ? "nan" : cell;
  }

  private static String required(Path file, DelimitedTable.Row r, int col, String colName) {
    String v = r.cells().get(col);
    if (DelimitedTable.isNa(v)) {
      throw new DataFormatException(file, r.number(), "column '" + colName + "' is empty");
    }
    return v;
  }

  private static int parseInt(Path file, DelimitedTable.Row r, int col, String colName) {
    String v = required(file, r, col, colName).trim();
    try {
      double d = Double.parseDouble(v);
      if (d != Math.rint(d)) {
        throw new NumberFormatException();
      }
      return (int) d;
    } catch (NumberFormatException e) {
      throw new DataFormatException(file, r.number(), "column '" + colName + "' is not an integer: '" + v + "'", e);
    }
  }
}
