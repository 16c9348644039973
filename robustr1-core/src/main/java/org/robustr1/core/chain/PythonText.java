package org.robustr1.core.chain;

/**
 * Python 3 {@code str} character classes as used by the reference code's regular expressions and
 * {@code str.strip()}: {@code \s} / {@code isspace}, {@code \w} and {@code \d}, all Unicode-aware.
 */
public final class PythonText {
  private PythonText() {}

  /**
   * Python's {@code str.isspace()} for one code point (also {@code \s} of a {@code str} regex):
   * bidi classes WS, B, S and category Zs, which includes the no-break spaces Java's {@link
   * Character#isWhitespace(int)} leaves out.
   */
  public static boolean isSpace(int cp) {
    if (cp < 128) {
      return cp == ' ' || (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x1f);
    }
    return cp == 0x85 || Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  /** Python's {@code \w} for a {@code str} pattern: {@code isalnum()} or underscore. */
  public static boolean isWord(int cp) {
    if (cp < 128) {
      return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')
          || cp == '_';
    }
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    int t = Character.getType(cp);
    return t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
  }

  /** Python's {@code \d} for a {@code str} pattern: a Unicode decimal digit (category Nd). */
  public static boolean isDigit(int cp) {
    if (cp < 128) {
      return cp >= '0' && cp <= '9';
    }
    return Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER;
  }

  /** Python's {@code s.strip()}: removes leading and trailing {@link #isSpace} characters. */
  public static String strip(CharSequence s) {
    int a = 0;
    int b = s.length();
    while (a < b && isSpace(s.charAt(a))) {
      a++;
    }
    while (b > a && isSpace(s.charAt(b - 1))) {
      b--;
    }
    return s.subSequence(a, b).toString();
  }

  /** Whether every character is {@link #isSpace} (true for the empty string). */
  public static boolean isBlank(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isSpace(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
