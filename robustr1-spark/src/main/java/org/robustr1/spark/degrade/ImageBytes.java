package org.robustr1.spark.degrade;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;

/**
 * One input image as a job row: its id (the file name, or the path relative to the input folder)
 * and the encoded file bytes.
 *
 * @param id the image id; seeds and output paths derive from it
 * @param content the encoded image file
 */
public record ImageBytes(String id, byte[] content) implements Serializable {

  /** Validates. */
  public ImageBytes {
    requireNonNull(id, "id");
    requireNonNull(content, "content of " + id);
  }
}
