package org.robustr1.model;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.robustr1.core.image.RgbImage;

/**
 * One single-turn request to a vision-language model: images (placed before the text in the user
 * turn, in this order, as the Qwen2.5-VL processor does), the user text and an optional system
 * turn.
 *
 * @param images the images of the user turn (may be empty)
 * @param user the user text
 * @param system the system turn; {@code null} selects the model's default ("You are a helpful
 *     assistant.")
 */
public record VlmPrompt(ImmutableList<RgbImage> images, String user, String system) {

  /** Validates and copies. */
  public VlmPrompt {
    requireNonNull(user, "user");
    images = images == null ? ImmutableList.of() : ImmutableList.copyOf(images);
  }

  /** A prompt with the default system turn. */
  public static VlmPrompt of(List<RgbImage> images, String user) {
    return new VlmPrompt(ImmutableList.copyOf(images), user, null);
  }

  /** A text-only prompt with the default system turn. */
  public static VlmPrompt text(String user) {
    return new VlmPrompt(ImmutableList.of(), user, null);
  }
}
