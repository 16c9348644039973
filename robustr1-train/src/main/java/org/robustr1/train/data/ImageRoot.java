package org.robustr1.train.data;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The folder images are resolved against. A row can only name files inside it: absolute paths,
 * {@code ..} components and anything that normalises outside the root are refused.
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
    if (relative.isBlank()) {
      throw new IllegalArgumentException("image path is empty");
    }
    String unified = relative.replace('\\', '/');
    if (unified.startsWith("/") || unified.matches("^[A-Za-z]:.*") || Path.of(relative).isAbsolute()) {
      throw new IllegalArgumentException(
          "image path '" + relative + "' is absolute; paths must be relative to the image root " + root);
    }
    for (String part : unified.split("/")) {
      if (part.equals("..")) {
        throw new IllegalArgumentException(
            "image path '" + relative + "' contains '..'; paths must stay inside the image root " + root);
      }
    }
    Path p = root.resolve(unified).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("image path '" + relative + "' escapes the image root " + root);
    }
    return p;
  }
}
