package org.robustr1.serve.generate;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * OpenAI's {@code stop}: generated text is cut before the first occurrence of any stop string.
 * Text is released as it comes except for a tail that could still become a stop string, so a
 * stream never shows a stop string or part of one. Not thread-safe.
 */
public final class StopStrings {

  private final ImmutableList<String> stops;
  private final StringBuilder text = new StringBuilder();
  private int released;
  private boolean hit;

  /** @param stops the stop strings (non-empty strings; none means no cut) */
  public StopStrings(List<String> stops) {
    this.stops = ImmutableList.copyOf(stops);
    for (String s : this.stops) {
      checkArgument(!s.isEmpty(), "stop strings must not be empty");
    }
  }

  /**
   * Adds generated text and returns the part that can be released now (possibly empty).
   *
   * @throws IllegalStateException after a stop string was found
   */
  public String offer(String delta) {
    if (hit) {
      throw new IllegalStateException("a stop string was already found");
    }
    int from = Math.max(0, released - longest() + 1);
    text.append(delta);
    int cut = -1;
    for (String s : stops) {
      int i = text.indexOf(s, from);
      if (i >= 0 && (cut < 0 || i < cut)) {
        cut = i;
      }
    }
    if (cut >= 0) {
      hit = true;
      text.setLength(cut);
      return release(cut);
    }
    return release(text.length() - heldBack());
  }

  /** Whether a stop string was found (the text ends before it). */
  public boolean hit() {
    return hit;
  }

  /** The text so far, cut before the stop string if one was found. */
  public String text() {
    return text.toString();
  }

  /** Releases the rest of the text (at the end of the generation). */
  public String flush() {
    return release(text.length());
  }

  private String release(int upTo) {
    if (upTo <= released) {
      return "";
    }
    String out = text.substring(released, upTo);
    released = upTo;
    return out;
  }

  /** The length of the longest tail of the text that is a proper prefix of a stop string. */
  private int heldBack() {
    int best = 0;
    for (String s : stops) {
      for (int k = Math.min(s.length() - 1, text.length() - released); k > best; k--) {
        if (tailStartsWith(s, k)) {
          best = k;
          break;
        }
      }
    }
    return best;
  }

  private boolean tailStartsWith(String s, int k) {
    int off = text.length() - k;
    for (int i = 0; i < k; i++) {
      if (text.charAt(off + i) != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private int longest() {
    int m = 1;
    for (String s : stops) {
      m = Math.max(m, s.length());
    }
    return m;
  }
}
