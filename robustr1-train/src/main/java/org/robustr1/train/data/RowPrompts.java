package org.robustr1.train.data;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import org.robustr1.core.chain.RobustR1Prompts;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.VlmPrompt;

/**
 * Turns training rows into model prompts: images (in row order, before the text, as the official
 * code places them) and the user text in a {@link PromptStyle}; no system turn, so the model's
 * default applies.
 */
public final class RowPrompts {

  private final PromptStyle style;

  /** Prompts in {@code style}. */
  public RowPrompts(PromptStyle style) {
    this.style = requireNonNull(style, "style");
  }

  /** The prompt style. */
  public PromptStyle style() {
    return style;
  }

  /** The user text of a row. */
  public String userText(TrainExample row) {
    return switch (style) {
      case ROBUST_TEMPLATE -> row.question() + RobustR1Prompts.TRAINING_INSTRUCTION;
      case RAW -> row.question();
    };
  }

  /** The prompt of a row, its images decoded from disk. */
  public VlmPrompt prompt(TrainExample row) {
    ImmutableList.Builder<RgbImage> images = ImmutableList.builder();
    for (Path p : row.images()) {
      images.add(ImageLoader.load(p));
    }
    return new VlmPrompt(images.build(), userText(row), null);
  }
}
