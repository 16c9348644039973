package org.robustr1.train.loop;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.List;

/**
 * A resume refused because the checkpoint was written by a run of another configuration; the
 * message names each differing field with the checkpoint's value and this run's.
 */
public final class ResumeRefusedException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient Path checkpoint;
  private final ImmutableList<String> differences;

  /** A refusal to resume from {@code checkpoint}; {@code differences} as {@code field: saved → now}. */
  public ResumeRefusedException(Path checkpoint, List<String> differences) {
    super(
        "cannot resume from "
            + checkpoint
            + ": it was written by a run with other settings ("
            + String.join("; ", differences)
            + "); rerun with the checkpoint's settings, start afresh with --resume off (or another --out),"
            + " or continue anyway with --resume-force");
    this.checkpoint = checkpoint;
    this.differences = ImmutableList.copyOf(differences);
  }

  /** The checkpoint. */
  public Path checkpoint() {
    return checkpoint;
  }

  /** The differing fields, {@code field: saved → now}. */
  public ImmutableList<String> differences() {
    return differences;
  }
}
