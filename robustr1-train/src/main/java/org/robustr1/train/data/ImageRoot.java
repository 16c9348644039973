package org.robustr1.train.data;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import org.robustr1.core.io.ContainedPaths;

/**
 * The folder images are resolved against. A row can only name files inside it ({@link
 * ContainedPaths}): absolute paths, {@code ..} components, anything that normalises outside the
 * root and symbolic links whose target (resolved with {@code toRealPath}) lies outside it are
 * refused.
 */
public final class ImageRoot {

  private final Path root;

  /** A root at {@code dir} (made absolute and normalised). */
  public ImageRoot(Path dir) {
    this.root = requireNonNull(dir, "dir").toAbsolutePath().normalize();
  }

  /** The root folder. */
  public Path path() {
    return root;
  }

  /**
   * Resolves a relative image path from a row.
   *
   * @throws IllegalArgumentException saying why the path is refused
   */
  public Path resolve(String relative) {
    requireNonNull(relative, "relative");
    try {
      return ContainedPaths.resolve(root, relative);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image " + e.getMessage(), e);
    }
  }
}
