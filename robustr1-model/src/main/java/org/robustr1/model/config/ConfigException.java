package org.robustr1.model.config;

/**
 * A configuration file is malformed or inconsistent. The message names the file and the field.
 */
public class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with a message naming the file and field. */
  public ConfigException(String message) {
    super(message);
  }

  /** An exception with a message naming the file and field, and its cause. */
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
