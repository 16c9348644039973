package org.robustr1.core.chain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Python 3 {@code str} behaviour the reference code relies on, in one place: the character classes
 * of its regular expressions and {@code str.strip()} / {@code str.split()} ({@code \s} / {@code
 * isspace}, {@code \w} and {@code \d}, all Unicode-aware), code-point lengths, and the number
 * formats of {@code repr(float)} and {@code '%.Nf'}, so that Java matches the reference toolkits
 * (the Robust-R1 rewards, VLMEvalKit, the R-Bench notebook) character for character.
 *
 * <p>Python's whitespace ({@link #isSpace}) includes U+001C..U+001F, U+0085, NBSP and the Unicode
 * space separators but not U+200B or U+FEFF; Python counts and splits by code point, not UTF-16
 * unit.
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

  /** The character class of Python's Unicode {@code \s}, for use inside a Java regex. */
  public static final String WHITESPACE_CLASS =
      "[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x{85}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}"
          + "\\x{202F}\\x{205F}\\x{3000}]";

  /** Python's {@code s.split()}: split on runs of whitespace, dropping empty strings. */
  public static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int n = s.length();
    int start = -1;
    int i = 0;
    while (i < n) {
      int cp = s.codePointAt(i);
      int len = Character.charCount(cp);
      if (isSpace(cp)) {
        if (start >= 0) {
          out.add(s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += len;
    }
    if (start >= 0) {
      out.add(s.substring(start));
    }
    return out;
  }

  /** Python's {@code str.lower()} (full Unicode lower-case mapping, locale-independent). */
  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Python's {@code len(s)}: the number of code points. */
  public static int len(String s) {
    return s.codePointCount(0, s.length());
  }

  /** VLMEvalKit's {@code cn_string}: whether {@code s} contains a character in U+4E00..U+9FFF. */
  public static boolean hasCjk(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '\u4e00' && c <= '\u9fff') {
        return true;
      }
    }
    return false;
  }

  /**
   * Python's {@code repr(float)}: the shortest decimal that reads back as the same double, in
   * fixed notation for exponents -4..15 and scientific ({@code 1e+16}, {@code 1.5e-05}) otherwise.
   */
  public static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = null;
    for (int p = 1; p <= 17; p++) {
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() == d) {
        shortest = r;
        break;
      }
    }
    if (shortest == null) {
      shortest = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    int exp10 = digits.length() - 1 - shortest.scale();
    String sign = shortest.signum() < 0 ? "-" : "";
    if (exp10 >= -4 && exp10 < 16) {
      String plain = shortest.abs().toPlainString();
      if (!plain.contains(".")) {
        plain = plain + ".0";
      }
      return sign + plain;
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String e = String.format(Locale.ROOT, "%s%02d", exp10 < 0 ? "-" : "+", Math.abs(exp10));
    return sign + mantissa + "e" + e;
  }

  /**
   * Python's {@code '%.Nf' % d}: the exact binary value rounded half-even to {@code decimals}
   * places (Java's {@code String.format} rounds the shortest decimal string instead, which can
   * differ in the last place).
   */
  public static String formatFixed(double d, int decimals) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    String s = new BigDecimal(d).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    return (d < 0 || (d == 0 && 1 / d < 0)) && !s.startsWith("-") ? "-" + s : s;
  }
}
