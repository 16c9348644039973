package org.robustr1.eval.rbench.full;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Whole-file writes that a crash never leaves half done (temporary sibling, then a move). */
final class AtomicWrite {

  private AtomicWrite() {}

  static void bytes(Path file, byte[] data) throws IOException {
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

  static void text(Path file, CharSequence text) throws IOException {
    bytes(file, text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
