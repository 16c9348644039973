package org.robustr1.model.safetensors;

import java.io.IOException;

/** A safetensors file or checkpoint is malformed or incomplete. The message names the file. */
public class SafetensorsException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An exception whose message names the file and what is wrong. */
  public SafetensorsException(String message) {
    super(message);
  }

  /** An exception whose message names the file and what is wrong, with its cause. */
  public SafetensorsException(String message, Throwable cause) {
    super(message, cause);
  }
}
