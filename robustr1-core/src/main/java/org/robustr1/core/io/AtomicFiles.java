package org.robustr1.core.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files that appear whole or not at all: written to a temporary sibling, then moved over the
 * target (atomically where the file system allows), so a crash never leaves a half-written file.
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes {@code data} to {@code file}, creating parent folders and replacing an old file. */
  public static void write(Path file, byte[] data) throws IOException {
    requireNonNull(file, "file");
    requireNonNull(data, "data");
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
    try {
      Files.write(tmp, data);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
