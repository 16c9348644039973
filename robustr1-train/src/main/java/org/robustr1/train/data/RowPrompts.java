package org.robustr1.train.data;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.VlmPrompt;

/**
 * Turns training rows into model prompts: images (in row order, before the text, as the official
 * code places them) and the user text in a {@link PromptStyle}; no system turn, so the model's
 * default applies.
 */
public final class RowPrompts {

  /**
   * The official training instruction appended to the question (exact string of the reference,
   * including "tags,provides" and ".i.e.,").
   */
  public static final String ROBUST_INSTRUCTION =
      "First output the types of degradations in image briefly in <TYPE> <TYPE_END> tags, and then output what"
          + " effects do these degradation have on the image in <INFLUENCE> <INFLUENCE_END> tags, then based on"
          + " the strength of degradation, output an APPROPRIATE length for the reasoning process in <REASONING>"
          + " <REASONING_END> tags, and then summarize the content of reasoning and the give the answer in"
          + " <CONCLUSION> <CONCLUSION_END> tags,provides the user with the answer briefly in <ANSWER>"
          + " <ANSWER_END>.i.e., <TYPE> degradation type here <TYPE_END>\n<INFLUENCE> influence here<INFLUENCE_END>\n"
          + "<REASONING> reasoning process here<REASONING_END>\n<CONCLUSION>summary here<CONCLUSION_END>\n"
          + "<ANSWER>final answer<ANSWER_END>";

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
      case ROBUST_TEMPLATE -> row.question() + ROBUST_INSTRUCTION;
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
