package org.robustr1.cli;

import java.util.Locale;
import org.robustr1.train.data.OnBadRow;

/** Option parsing shared by the training commands. */
final class TrainCommands {

  private TrainCommands() {}

  static OnBadRow onBadRow(String value) {
    try {
      return OnBadRow.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--on-bad-row must be skip or fail, got " + value, e);
    }
  }
}
