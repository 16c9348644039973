package org.robustr1.train.data;

/** What the reader does with a row it cannot use. */
public enum OnBadRow {
  /** Log the problem (file, line, reason) and leave the row out. */
  SKIP,
  /** Throw a {@link BadRowException} naming the file, line and reason. */
  FAIL
}
