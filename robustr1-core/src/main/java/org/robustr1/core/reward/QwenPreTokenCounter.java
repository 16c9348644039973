package org.robustr1.core.reward;

/**
 * Counts the pieces of the Qwen2 pre-tokenizer split pattern
 *
 * <pre>{@code
 * (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * }</pre>
 *
 * <p>evaluated as the alternatives are tried, left to right, at each position; one linear scan,
 * no allocation.
 */
enum QwenPreTokenCounter implements TokenCounter {
  INSTANCE;

  @Override
  public int count(CharSequence s) {
    int n = s.length();
    int count = 0;
    int i = 0;
    while (i < n) {
      i = next(s, i, n);
      count++;
    }
    return count;
  }

  private static int next(CharSequence s, int i, int n) {
    int c = Character.codePointAt(s, i);
    int cc = Character.charCount(c);
    // 1. contractions
    if (c == '\'' && i + 1 < n) {
      char a = lower(s.charAt(i + 1));
      if (a == 's' || a == 't' || a == 'm' || a == 'd') {
        return i + 2;
      }
      if (i + 2 < n) {
        char b = lower(s.charAt(i + 2));
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) {
          return i + 3;
        }
      }
    }
    // 2. [^\r\n\p{L}\p{N}]?\p{L}+
    if (isLetter(c)) {
      return letters(s, i + cc, n);
    }
    if (c != '\r' && c != '\n' && !isNumber(c) && i + cc < n) {
      int d = Character.codePointAt(s, i + cc);
      if (isLetter(d)) {
        return letters(s, i + cc + Character.charCount(d), n);
      }
    }
    // 3. \p{N}
    if (isNumber(c)) {
      return i + cc;
    }
    boolean space = isSpace(c);
    // 4. ' '?[^\s\p{L}\p{N}]+[\r\n]*
    int j = i;
    if (c == ' ' && i + 1 < n) {
      int d = Character.codePointAt(s, i + 1);
      if (isPunct(d)) {
        j = i + 1;
      }
    }
    if (j < n) {
      int d = Character.codePointAt(s, j);
      if (isPunct(d)) {
        j += Character.charCount(d);
        while (j < n) {
          int e = Character.codePointAt(s, j);
          if (!isPunct(e)) {
            break;
          }
          j += Character.charCount(e);
        }
        while (j < n && (s.charAt(j) == '\r' || s.charAt(j) == '\n')) {
          j++;
        }
        return j;
      }
    }
    if (!space) {
      return i + cc; // unreachable for valid text; lone surrogates and the like
    }
    // whitespace run [i, end)
    int end = i;
    int lastNl = -1;
    while (end < n && isSpace(s.charAt(end))) {
      char e = s.charAt(end);
      if (e == '\r' || e == '\n') {
        lastNl = end;
      }
      end++;
    }
    // 5. \s*[\r\n]+
    if (lastNl >= 0) {
      return lastNl + 1;
    }
    // 6. \s+(?!\S)
    if (end == n) {
      return end;
    }
    if (end - i >= 2) {
      return end - 1;
    }
    // 7. \s+
    return end;
  }

  private static int letters(CharSequence s, int j, int n) {
    while (j < n) {
      int d = Character.codePointAt(s, j);
      if (!isLetter(d)) {
        break;
      }
      j += Character.charCount(d);
    }
    return j;
  }

  private static char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
  }

  private static boolean isLetter(int c) {
    if (c < 128) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
    return Character.isLetter(c);
  }

  private static boolean isNumber(int c) {
    if (c < 128) {
      return c >= '0' && c <= '9';
    }
    int t = Character.getType(c);
    return t == Character.DECIMAL_DIGIT_NUMBER
        || t == Character.LETTER_NUMBER
        || t == Character.OTHER_NUMBER;
  }

  /** Rust regex {@code \s}: Unicode White_Space. */
  private static boolean isSpace(int c) {
    if (c < 128) {
      return c == ' ' || (c >= 0x09 && c <= 0x0d);
    }
    return c == 0x85 || c == 0xa0 || Character.isSpaceChar(c) || Character.isWhitespace(c);
  }

  private static boolean isPunct(int c) {
    return !isSpace(c) && !isLetter(c) && !isNumber(c);
  }

  @Override
  public String toString() {
    return "TokenCounter.approximate()";
  }
}
