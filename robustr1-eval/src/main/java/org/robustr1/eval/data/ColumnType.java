package org.robustr1.eval.data;

import java.util.List;
import java.util.regex.Pattern;
import org.robustr1.core.chain.PythonText;

/**
 * pandas' type inference for one column, used to print cell values exactly as Python's {@code
 * str()} of the parsed value: a column of integers stays {@code int64} ({@code "1"}) unless it
 * has a missing cell, when it becomes {@code float64} ({@code "1.0"}); any non-numeric cell makes
 * the column {@code object} (strings printed as they are).
 */
public enum ColumnType {
  /** All present cells are integers and none is missing. */
  INT,
  /** All present cells are numbers (some missing, or some non-integer). */
  FLOAT,
  /** All present cells are {@code True/true/TRUE/False/false/FALSE}. */
  BOOL,
  /** Anything else. */
  OBJECT;

  private static final Pattern INT_RE = Pattern.compile("[ ]*[+-]?[0-9]+[ ]*");
  private static final Pattern FLOAT_RE =
      Pattern.compile(
          "[ ]*[+-]?(?:[0-9]+\\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\\.[0-9]+(?:[eE][+-]?[0-9]+)?"
              + "|(?i:inf|infinity))[ ]*");
  private static final java.util.Set<String> TRUE = java.util.Set.of("True", "true", "TRUE");
  private static final java.util.Set<String> FALSE = java.util.Set.of("False", "false", "FALSE");

  /** Infers the type of a column from its raw cells. */
  public static ColumnType infer(List<String> cells) {
    boolean anyNa = false;
    boolean allInt = true;
    boolean allNum = true;
    boolean allBool = true;
    int present = 0;
    for (String c : cells) {
      if (DelimitedTable.isNa(c)) {
        anyNa = true;
        continue;
      }
      present++;
      boolean isInt = INT_RE.matcher(c).matches();
      allInt &= isInt;
      allNum &= isInt || FLOAT_RE.matcher(c).matches();
      allBool &= TRUE.contains(c) || FALSE.contains(c);
    }
    if (present == 0) {
      return FLOAT;
    }
    if (allBool) {
      return BOOL;
    }
    if (allInt && !anyNa) {
      return INT;
    }
    return allNum ? FLOAT : OBJECT;
  }

  /** Python's {@code str()} of the value pandas parsed from {@code cell}; null when it is NaN. */
  public String format(String cell) {
    if (DelimitedTable.isNa(cell)) {
      return null;
    }
    switch (this) {
      case INT:
        return new java.math.BigInteger(cell.trim().replace("+", "")).toString();
      case FLOAT:
        String t = cell.trim();
        double d;
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith("inf") || lower.endsWith("infinity")) {
          d = lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        } else {
          d = Double.parseDouble(t);
        }
        return PythonText.floatRepr(d);
      case BOOL:
        return TRUE.contains(cell) ? "True" : "False";
      default:
        return cell;
    }
  }
}
