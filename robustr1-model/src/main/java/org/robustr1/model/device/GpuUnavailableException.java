package org.robustr1.model.device;

/**
 * A GPU was asked for ({@code gpu}, {@code gpu:N}) but DJL's PyTorch engine sees none (or fewer):
 * the message is one line that says what DJL found and how it looks for a GPU. Never answered by
 * running on the CPU instead.
 */
public final class GpuUnavailableException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** An exception with a one-line {@code message}. */
  public GpuUnavailableException(String message) {
    super(message);
  }
}
