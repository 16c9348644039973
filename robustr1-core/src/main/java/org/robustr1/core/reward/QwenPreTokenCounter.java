package org.robustr1.core.reward;

/**
 * Counts the pieces of the Qwen2 pre-tokenizer split pattern
 *
 * <pre>{@code
 * (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
 * }</pre>
 *
 * <p>evaluated as the alternatives are tried, left to right, at each position; one linear scan
 * with a table lookup per ASCII character, no allocation.
 */
enum QwenPreTokenCounter implements TokenCounter {
  INSTANCE;

  private static final byte LETTER = 1;
  private static final byte NUMBER = 2;
  private static final byte SPACE = 3;
  private static final byte NEWLINE = 4;
  private static final byte PUNCT = 5;
  private static final byte[] ASCII = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      byte k;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        k = LETTER;
      } else if (c >= '0' && c <= '9') {
        k = NUMBER;
      } else if (c == '\r' || c == '\n') {
        k = NEWLINE;
      } else if (c == ' ' || c == '\t' || c == 0x0b || c == 0x0c) {
        k = SPACE;
      } else {
        k = PUNCT;
      }
      ASCII[c] = k;
    }
  }

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

  /** The class of the code point at {@code i}. */
  private static byte cls(CharSequence s, int i) {
    char c = s.charAt(i);
    if (c < 128) {
      return ASCII[c];
    }
    return clsOf(Character.isHighSurrogate(c) ? Character.codePointAt(s, i) : c);
  }

  private static byte clsOf(int cp) {
    if (Character.isLetter(cp)) {
      return LETTER;
    }
    int t = Character.getType(cp);
    if (t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER
        || t == Character.OTHER_NUMBER) {
      return NUMBER;
    }
    // Unicode White_Space (Rust regex \s)
    if (cp == 0x85 || cp == 0xa0 || Character.isSpaceChar(cp)) {
      return SPACE;
    }
    return PUNCT;
  }

  private static int width(CharSequence s, int i) {
    return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))
        ? 2
        : 1;
  }

  private static int next(CharSequence s, int i, int n) {
    char ch = s.charAt(i);
    // 1. contractions
    if (ch == '\'' && i + 1 < n) {
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
    byte k = cls(s, i);
    int w = width(s, i);
    // 2. [^\r\n\p{L}\p{N}]?\p{L}+
    if (k == LETTER) {
      return run(s, i + w, n, LETTER);
    }
    if (k != NEWLINE && k != NUMBER && i + w < n && cls(s, i + w) == LETTER) {
      return run(s, i + w, n, LETTER);
    }
    // 3. \p{N}
    if (k == NUMBER) {
      return i + w;
    }
    // 4. ' '?[^\s\p{L}\p{N}]+[\r\n]*
    int j = (ch == ' ' && i + 1 < n && cls(s, i + 1) == PUNCT) ? i + 1 : i;
    if (cls(s, j) == PUNCT) {
      j = run(s, j, n, PUNCT);
      while (j < n && (s.charAt(j) == '\r' || s.charAt(j) == '\n')) {
        j++;
      }
      return j;
    }
    // whitespace run [i, end)
    int end = i;
    int lastNl = -1;
    while (end < n) {
      byte e = cls(s, end);
      if (e == NEWLINE) {
        lastNl = end;
      } else if (e != SPACE) {
        break;
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

  private static int run(CharSequence s, int j, int n, byte kind) {
    while (j < n && cls(s, j) == kind) {
      j += width(s, j);
    }
    return j;
  }

  private static char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
  }

  @Override
  public String toString() {
    return "TokenCounter.approximate()";
  }
}
