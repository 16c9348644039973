package org.robustr1.train.checkpoint;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether and from where a run resumes: {@link #auto()} (the latest complete checkpoint under the
 * output folder, if any), {@link #off()} (start afresh; the output folder's checkpoints are left
 * alone and overwritten step by step), or {@link #from(Path)} a given checkpoint folder. A resume
 * whose run configuration differs from the checkpoint's is refused unless {@link #forced()}.
 *
 * @param mode auto, off or a given checkpoint
 * @param checkpoint the checkpoint folder with {@link Mode#FROM}, else null
 * @param force resume even when the run configuration differs (the differences are logged)
 */
public record Resume(Mode mode, Path checkpoint, boolean force) {

  /** How the checkpoint is chosen. */
  public enum Mode {
    /** The latest complete checkpoint under the output folder, if any. */
    AUTO,
    /** No resume. */
    OFF,
    /** The given checkpoint folder. */
    FROM
  }

  /** Validates. */
  public Resume {
    requireNonNull(mode, "mode");
    if (mode == Mode.FROM) {
      requireNonNull(checkpoint, "checkpoint");
    } else {
      checkpoint = null;
    }
  }

  /** The latest checkpoint under the output folder, if any. */
  public static Resume auto() {
    return new Resume(Mode.AUTO, null, false);
  }

  /** Start afresh. */
  public static Resume off() {
    return new Resume(Mode.OFF, null, false);
  }

  /** Resume from {@code checkpoint}, which must be a complete checkpoint folder. */
  public static Resume from(Path checkpoint) {
    return new Resume(Mode.FROM, checkpoint, false);
  }

  /** The command-line spelling: {@code auto}, {@code off} or a checkpoint folder. */
  public static Resume parse(String value) {
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("auto")) {
      return auto();
    }
    if (value.trim().toLowerCase(Locale.ROOT).equals("off")) {
      return off();
    }
    return from(Path.of(value.trim()));
  }

  /** A copy that resumes even when the run configuration differs. */
  public Resume forced() {
    return new Resume(mode, checkpoint, true);
  }

  /** A copy with {@code force} set as given. */
  public Resume withForce(boolean on) {
    return new Resume(mode, checkpoint, on);
  }

  /** The given checkpoint, for {@link Mode#FROM}. */
  public Optional<Path> given() {
    return Optional.ofNullable(checkpoint);
  }

  @Override
  public String toString() {
    String base = mode == Mode.FROM ? checkpoint.toString() : mode.name().toLowerCase(Locale.ROOT);
    return force ? base + " (forced)" : base;
  }
}
