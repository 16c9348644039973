package org.robustr1.core.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Paths named by data files (case files, manifests, TSV {@code image_path} cells, {@code
 * train.jsonl} rows) resolved under the folder they must stay in. Refused, with the reason: an
 * empty path, an absolute path (also {@code \\x} and {@code C:x}), a {@code ..} component, and a
 * path that leaves the folder through a symbolic link (checked with {@link Path#toRealPath} on the
 * path, or on its nearest existing parent when it does not exist yet, e.g. an output file).
 *
 * <p>Callers add where the path came from (file, row, field) to the {@link
 * IllegalArgumentException}'s message.
 */
public final class ContainedPaths {

  private ContainedPaths() {}

  /**
   * Resolves {@code relative} under {@code root}.
   *
   * @return the absolute, normalised path (not the real path: the caller reads it as named)
   * @throws IllegalArgumentException saying why the path is refused
   */
  public static Path resolve(Path root, String relative) {
    requireNonNull(root, "root");
    requireNonNull(relative, "relative");
    Path base = root.toAbsolutePath().normalize();
    if (relative.isBlank()) {
      throw new IllegalArgumentException("path is empty");
    }
    String unified = relative.replace('\\', '/');
    if (unified.startsWith("/") || unified.matches("^[A-Za-z]:.*") || Path.of(relative).isAbsolute()) {
      throw new IllegalArgumentException(
          "path '" + relative + "' is absolute; it must be relative to " + base);
    }
    for (String part : unified.split("/")) {
      if (part.equals("..")) {
        throw new IllegalArgumentException(
            "path '" + relative + "' contains '..'; it must stay inside " + base);
      }
    }
    Path p = base.resolve(unified).normalize();
    if (!p.startsWith(base)) {
      throw new IllegalArgumentException("path '" + relative + "' leaves " + base);
    }
    Path existing = p;
    while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing != null && existing.startsWith(base) && Files.exists(base)) {
      try {
        if (!existing.toRealPath().startsWith(base.toRealPath())) {
          throw new IllegalArgumentException(
              "path '" + relative + "' leaves " + base + " through a symbolic link (it is "
                  + existing.toRealPath() + ")");
        }
      } catch (java.nio.file.NoSuchFileException e) {
        throw new IllegalArgumentException(
            "path '" + relative + "' is a broken symbolic link under " + base, e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot resolve " + p, e);
      }
    }
    return p;
  }
}
