package org.robustr1.core.io;

/**
 * Bad JSON Lines input. The message starts with where the problem is ({@code train.jsonl line
 * 12}) and names the field and the offending value where there is one.
 */
public final class JsonLinesException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String where;
  private final String field;

  /**
   * @param where the location, e.g. {@code train.jsonl line 12}
   * @param field the field path, e.g. {@code conversations[1].value}, or null
   * @param message what is wrong
   * @param cause the underlying exception, or null
   */
  public JsonLinesException(String where, String field, String message, Throwable cause) {
    super(where + ": " + message, cause);
    this.where = where;
    this.field = field;
  }

  /** A missing or null required field. */
  static JsonLinesException missing(String where, String field) {
    return new JsonLinesException(where, field, "missing field " + field, null);
  }

  /** A field of the wrong JSON type. */
  static JsonLinesException wrongType(String where, String field, String expected, Object got) {
    return new JsonLinesException(
        where, field, "field " + field + " must be " + expected + ", got " + got, null);
  }

  /** The location, e.g. {@code train.jsonl line 12}. */
  public String where() {
    return where;
  }

  /** The field path, or null. */
  public String field() {
    return field;
  }
}
