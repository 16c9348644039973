package org.robustr1.core.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files that appear whole or not at all: written to a temporary sibling, then moved over the
 * target (atomically where the file system allows), so a crash never leaves a half-written file.
 * The one home of this pattern: whole files ({@link #write(Path, byte[])}, {@link #writeString}),
 * files streamed by the caller ({@link #write(Path, Content)}: safetensors weights) and folders
 * built beside their final place ({@link #moveIntoPlace}: checkpoints).
 */
public final class AtomicFiles {

  private AtomicFiles() {}

  /** Writes the content of a file to the temporary path it is given. */
  @FunctionalInterface
  public interface Content {
    /** Writes everything into {@code tmp} (an empty file that exists). */
    void writeTo(Path tmp) throws IOException;
  }

  /** Writes {@code data} to {@code file}, creating parent folders and replacing an old file. */
  public static void write(Path file, byte[] data) throws IOException {
    requireNonNull(data, "data");
    write(file, tmp -> Files.write(tmp, data));
  }

  /** Writes {@code text} as UTF-8, as {@link #write(Path, byte[])} does. */
  public static void writeString(Path file, CharSequence text) throws IOException {
    requireNonNull(text, "text");
    write(file, text.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code file} through {@code content}, which fills a temporary sibling; the sibling then
   * replaces {@code file}. Parent folders are created; when {@code content} fails nothing changes
   * and the temporary file is removed.
   */
  public static void write(Path file, Content content) throws IOException {
    requireNonNull(file, "file");
    requireNonNull(content, "content");
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
    try {
      content.writeTo(tmp);
      moveIntoPlace(tmp, file);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Moves {@code source} (a file, or a folder on the same file system) to {@code target},
   * atomically where the file system allows, replacing a file {@code target}. A folder {@code
   * target} must not exist.
   */
  public static void moveIntoPlace(Path source, Path target) throws IOException {
    requireNonNull(source, "source");
    requireNonNull(target, "target");
    try {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
