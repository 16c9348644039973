package org.robustr1.core.openai;

import static java.util.Objects.requireNonNull;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Messages and content parts of an OpenAI chat-completions request, as plain maps ready for JSON:
 * text messages, multi-part user turns with text and {@code image_url} parts, base64 data URLs.
 */
public final class ChatMessages {

  private ChatMessages() {}

  /** {@code {"role": role, "content": text}}. */
  public static Map<String, Object> text(String role, String text) {
    return Map.of("role", requireNonNull(role, "role"), "content", requireNonNull(text, "text"));
  }

  /** {@code {"role": role, "content": [parts...]}}. */
  public static Map<String, Object> parts(String role, List<Map<String, Object>> parts) {
    return Map.of("role", requireNonNull(role, "role"), "content", List.copyOf(parts));
  }

  /** A text part: {@code {"type": "text", "text": text}}. */
  public static Map<String, Object> textPart(String text) {
    return Map.of("type", "text", "text", requireNonNull(text, "text"));
  }

  /** An image part: {@code {"type": "image_url", "image_url": {"url": url}}}. */
  public static Map<String, Object> imagePart(String url) {
    return Map.of("type", "image_url", "image_url", Map.of("url", requireNonNull(url, "url")));
  }

  /** {@code data:MIME;base64,...} of encoded image bytes. */
  public static String dataUrl(String mime, byte[] bytes) {
    return "data:" + requireNonNull(mime, "mime") + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * The MIME type of an image file name or format name ({@code png}, {@code bmp}, {@code tif}/
   * {@code tiff}, {@code webp}, {@code gif}); anything else is taken as JPEG.
   */
  public static String imageMime(String fileOrFormat) {
    String n = fileOrFormat.toLowerCase(Locale.ROOT);
    if (n.endsWith("png")) {
      return "image/png";
    }
    if (n.endsWith("bmp")) {
      return "image/bmp";
    }
    if (n.endsWith("tif") || n.endsWith("tiff")) {
      return "image/tiff";
    }
    if (n.endsWith("webp")) {
      return "image/webp";
    }
    if (n.endsWith("gif")) {
      return "image/gif";
    }
    return "image/jpeg";
  }
}
