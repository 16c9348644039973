package org.robustr1.model.tokenizer;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * One message of a conversation: a role and an ordered list of parts (text, image or video
 * placeholders), as in the Hugging Face chat-message format.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or another role name
 * @param parts the content, in order
 */
public record ChatMessage(String role, ImmutableList<Part> parts) {

  /** What a part holds. */
  public enum Kind {
    /** Text, emitted verbatim. */
    TEXT,
    /** An image, emitted as {@code <|vision_start|><|image_pad|><|vision_end|>}. */
    IMAGE,
    /** A video, emitted as {@code <|vision_start|><|video_pad|><|vision_end|>}. */
    VIDEO
  }

  /**
   * One part of a message.
   *
   * @param kind what it is
   * @param text the text of a {@link Kind#TEXT} part (empty for media)
   */
  public record Part(Kind kind, String text) {
    /** Validates. */
    public Part {
      requireNonNull(kind, "kind");
      text = text == null ? "" : text;
    }

    /** A text part. */
    public static Part text(String text) {
      return new Part(Kind.TEXT, requireNonNull(text, "text"));
    }

    /** An image placeholder. */
    public static Part image() {
      return new Part(Kind.IMAGE, "");
    }
  }

  /** Validates and copies. */
  public ChatMessage {
    requireNonNull(role, "role");
    checkArgument(!role.isBlank(), "role must not be blank");
    parts = ImmutableList.copyOf(parts);
  }

  /** A system message. */
  public static ChatMessage system(String text) {
    return new ChatMessage("system", ImmutableList.of(Part.text(text)));
  }

  /** A user message with {@code images} images placed before the text, as Qwen2.5-VL recipes do. */
  public static ChatMessage user(int images, String text) {
    checkArgument(images >= 0, "images must be >= 0, got %s", images);
    ImmutableList.Builder<Part> b = ImmutableList.builder();
    for (int i = 0; i < images; i++) {
      b.add(Part.image());
    }
    b.add(Part.text(text));
    return new ChatMessage("user", b.build());
  }

  /** A text-only message of the given role. */
  public static ChatMessage of(String role, String text) {
    return new ChatMessage(role, ImmutableList.of(Part.text(text)));
  }

  /** A message with arbitrary parts. */
  public static ChatMessage of(String role, List<Part> parts) {
    return new ChatMessage(role, ImmutableList.copyOf(parts));
  }

  /** An assistant message. */
  public static ChatMessage assistant(String text) {
    return of("assistant", text);
  }

  /** Number of image parts. */
  public int imageCount() {
    return (int) parts.stream().filter(p -> p.kind() == Kind.IMAGE).count();
  }
}
