package org.robustr1.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Checks of options run before any model loads or work starts, each failing with a {@link
 * UserError} that names the option, its value and what to change.
 */
final class Preflight {

  /** The extensions OpenCV writes. */
  private static final Set<String> IMAGE_OUTPUTS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "webp");

  private Preflight() {}

  /** {@code dir} is, or can be made, a writable folder; it is created. */
  static Path outputFolder(String option, Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserError(option + " " + dir + " is a file; give a folder (new or existing)");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserError(option + " " + dir + ": cannot create the folder: " + CliErrors.message(e), e);
    }
    if (!Files.isWritable(dir)) {
      throw new UserError(option + " " + dir + " is not writable; give a folder you can write to");
    }
    return dir;
  }

  /** {@code file} exists, is a regular file and is readable. */
  static Path readableFile(String option, Path file) {
    if (!Files.exists(file)) {
      throw new UserError(option + " " + file + ": no such file");
    }
    if (Files.isDirectory(file)) {
      throw new UserError(option + " " + file + " is a folder; give a file");
    }
    if (!Files.isReadable(file)) {
      throw new UserError(option + " " + file + " is not readable");
    }
    return file;
  }

  /** {@code dir} exists and is a folder. */
  static Path folder(String option, Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UserError(option + " " + dir + (Files.exists(dir) ? " is a file; give a folder" : ": no such folder"));
    }
    return dir;
  }

  /** {@code value >= 1}. */
  static int positive(String option, int value) {
    if (value < 1) {
      throw new UserError(option + " must be at least 1, got " + value);
    }
    return value;
  }

  /** {@code value >= 0}. */
  static int notNegative(String option, int value) {
    if (value < 0) {
      throw new UserError(option + " must be 0 or more, got " + value);
    }
    return value;
  }

  /** {@code file} names an image format OpenCV can write. */
  static Path imageOutput(String option, Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (!IMAGE_OUTPUTS.contains(ext)) {
      throw new UserError(option + " " + file + ": " + (ext.isEmpty() ? "no file extension" : "'." + ext + "' is not an image format")
          + "; end the name with .png, .jpg, .bmp, .tif or .webp");
    }
    if (Files.isDirectory(file)) {
      throw new UserError(option + " " + file + " is a folder; give an image file name");
    }
    return file;
  }
}
