package org.robustr1.model.tokenizer;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.robustr1.model.VlmPrompt;

/**
 * The default Qwen2-VL / Qwen2.5-VL chat template, rendered in Java (DJL has no Jinja):
 *
 * <ul>
 *   <li>if the first message is not a system message, {@code <|im_start|>system\nYou are a
 *       helpful assistant.<|im_end|>\n} is emitted first;
 *   <li>each message is {@code <|im_start|>ROLE\n} + content + {@code <|im_end|>\n}, where images
 *       become {@code <|vision_start|><|image_pad|><|vision_end|>} and text is verbatim;
 *   <li>with a generation prompt, {@code <|im_start|>assistant\n} is appended.
 * </ul>
 */
public final class ChatTemplate {

  /** The default system turn of the template. */
  public static final String DEFAULT_SYSTEM = "You are a helpful assistant.";

  /** The text an image part becomes. */
  public static final String IMAGE_PLACEHOLDER =
      SpecialTokens.VISION_START + SpecialTokens.IMAGE_PAD + SpecialTokens.VISION_END;

  /** The text a video part becomes. */
  public static final String VIDEO_PLACEHOLDER =
      SpecialTokens.VISION_START + SpecialTokens.VIDEO_PAD + SpecialTokens.VISION_END;

  /** What closes every message. */
  public static final String TURN_END = SpecialTokens.IM_END + "\n";

  /** The generation prompt. */
  public static final String GENERATION_PROMPT = SpecialTokens.IM_START + "assistant\n";

  private ChatTemplate() {}

  /** Renders a conversation. */
  public static String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    requireNonNull(messages, "messages");
    StringBuilder sb = new StringBuilder();
    if (messages.isEmpty() || !messages.get(0).role().equals("system")) {
      sb.append(SpecialTokens.IM_START).append("system\n").append(DEFAULT_SYSTEM).append(TURN_END);
    }
    for (ChatMessage m : messages) {
      sb.append(SpecialTokens.IM_START).append(m.role()).append('\n');
      for (ChatMessage.Part p : m.parts()) {
        switch (p.kind()) {
          case TEXT -> sb.append(p.text());
          case IMAGE -> sb.append(IMAGE_PLACEHOLDER);
          case VIDEO -> sb.append(VIDEO_PLACEHOLDER);
        }
      }
      sb.append(TURN_END);
    }
    if (addGenerationPrompt) {
      sb.append(GENERATION_PROMPT);
    }
    return sb.toString();
  }

  /**
   * The messages of a single-turn prompt: the system turn when given (otherwise the template's
   * default applies), then the user turn with the images before the text.
   */
  public static List<ChatMessage> messages(VlmPrompt prompt) {
    requireNonNull(prompt, "prompt");
    List<ChatMessage> out = new ArrayList<>(2);
    if (prompt.system() != null) {
      out.add(ChatMessage.system(prompt.system()));
    }
    out.add(ChatMessage.user(prompt.images().size(), prompt.user()));
    return out;
  }

  /** Renders a single-turn prompt with the generation prompt, ready for generation. */
  public static String render(VlmPrompt prompt) {
    return render(messages(prompt), true);
  }

  /**
   * Renders a prompt followed by its assistant answer, for supervised fine-tuning: {@code
   * render(prompt) + assistantText + "<|im_end|>\n"}.
   */
  public static String renderWithAnswer(VlmPrompt prompt, String assistantText) {
    requireNonNull(assistantText, "assistantText");
    return render(prompt) + assistantText + TURN_END;
  }
}
