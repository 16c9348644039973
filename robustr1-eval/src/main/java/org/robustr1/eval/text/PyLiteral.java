package org.robustr1.eval.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the one kind of Python literal the benchmark files embed: a list of string literals, e.g.
 * VLMEvalKit's multi-image {@code image_path} {@code ['6a.jpg', '6b.jpg']} and R-Bench's CAP
 * references {@code ['A dog ...', "It's ..."]}.
 */
public final class PyLiteral {

  private PyLiteral() {}

  /** VLMEvalKit's {@code toliststr}: a {@code [...]} cell is a list literal, anything else one item. */
  public static List<String> toListStr(String s) {
    if (s.startsWith("[") && s.endsWith("]")) {
      return parseStringList(s);
    }
    return List.of(s);
  }

  /**
   * Parses {@code ['a', "b", ...]} (single- or double-quoted, backslash escapes, adjacent-literal
   * concatenation not supported).
   *
   * @throws IllegalArgumentException naming the offset when the text is not such a list
   */
  public static List<String> parseStringList(String s) {
    List<String> out = new ArrayList<>();
    int i = skipWs(s, 0);
    if (i >= s.length() || s.charAt(i) != '[') {
      throw new IllegalArgumentException("not a Python list literal: expected '[' at offset " + i);
    }
    i = skipWs(s, i + 1);
    if (i < s.length() && s.charAt(i) == ']') {
      return out;
    }
    while (true) {
      if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
        throw new IllegalArgumentException("not a Python list of strings: expected a quote at offset " + i);
      }
      char q = s.charAt(i++);
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw new IllegalArgumentException("unterminated string literal in Python list");
        }
        char c = s.charAt(i++);
        if (c == q) {
          break;
        }
        if (c == '\\' && i < s.length()) {
          char e = s.charAt(i++);
          switch (e) {
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'r' -> sb.append('\r');
            case '\\', '\'', '"' -> sb.append(e);
            case 'x' -> {
              sb.append((char) Integer.parseInt(s.substring(i, i + 2), 16));
              i += 2;
            }
            case 'u' -> {
              sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              i += 4;
            }
            default -> sb.append('\\').append(e);
          }
        } else {
          sb.append(c);
        }
      }
      out.add(sb.toString());
      i = skipWs(s, i);
      if (i < s.length() && s.charAt(i) == ',') {
        i = skipWs(s, i + 1);
        if (i < s.length() && s.charAt(i) == ']') {
          return out;
        }
        continue;
      }
      if (i < s.length() && s.charAt(i) == ']') {
        if (skipWs(s, i + 1) != s.length()) {
          throw new IllegalArgumentException("trailing text after Python list at offset " + (i + 1));
        }
        return out;
      }
      throw new IllegalArgumentException("expected ',' or ']' at offset " + i + " of Python list");
    }
  }

  private static int skipWs(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
