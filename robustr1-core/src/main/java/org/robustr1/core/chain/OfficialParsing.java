package org.robustr1.core.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The extraction rules of the reference reward code ({@code qwen_module.py}, task {@code robust}),
 * reproduced exactly but without regular expressions: every method runs in time linear in the
 * input and allocates only its result.
 *
 * <ul>
 *   <li>{@link #answerOrNull}: {@code re.search(r'<ANSWER>(.*?)<ANSWER_END>', t, re.DOTALL)}, group
 *       1, {@code strip()}ped; {@code None} when absent.
 *   <li>{@link #typeEntries}: {@code <TYPE>(.*?)<TYPE_END>} then {@code
 *       re.findall(r'(\w+(?:\s+\w+)*)\(([\d.]+)\)', …)} with Python's Unicode {@code \w}, {@code \s},
 *       {@code \d}.
 *   <li>{@link #formatMatches}: {@code re.search} (not fullmatch) of {@code
 *       <TYPE>.*?<TYPE_END>\s*<INFLUENCE>.*?<INFLUENCE_END>\s*<REASONING>.*?<REASONING_END>\s*<CONCLUSION>.*?<CONCLUSION_END>\s*<ANSWER>.*?<ANSWER_END>}
 *       with DOTALL.
 *   <li>{@link #groundTruth} and {@link #solution}: how {@code grpo_jsonl.py} turns the assistant
 *       turn of a {@code train.jsonl} row into the reward's {@code solution} string.
 * </ul>
 */
public final class OfficialParsing {

  private static final Section[] SECTIONS = Section.values();

  private OfficialParsing() {}

  /**
   * The stripped content of the first {@code <X>…<X_END>} pair (first opening tag, then the first
   * closing tag after it), or null when there is none.
   */
  public static String sectionOrNull(String text, Section section) {
    String open = section.openTag();
    int a = text.indexOf(open);
    if (a < 0) {
      return null;
    }
    int from = a + open.length();
    int b = text.indexOf(section.closeTag(), from);
    if (b < 0) {
      return null;
    }
    return PythonText.strip(text.subSequence(from, b));
  }

  /** The official {@code extract_answer}: stripped {@code <ANSWER>} content, or null. */
  public static String answerOrNull(String text) {
    return sectionOrNull(text, Section.ANSWER);
  }

  /** {@link #answerOrNull} as an Optional. */
  public static Optional<String> answer(String text) {
    return Optional.ofNullable(answerOrNull(text));
  }

  /**
   * The raw (unstripped) content of the first {@code <TYPE>…<TYPE_END>}, or null; this is the
   * {@code types_string} the reference code runs {@code findall} on.
   */
  public static String typeContentOrNull(String text) {
    String open = Section.TYPE.openTag();
    int a = text.indexOf(open);
    if (a < 0) {
      return null;
    }
    int from = a + open.length();
    int b = text.indexOf(Section.TYPE.closeTag(), from);
    return b < 0 ? null : text.substring(from, b);
  }

  /**
   * The official {@code extract_image_degradations(text)}: the entries of the first TYPE section,
   * or an empty list when there is none. Entries whose strength Python could not convert are kept
   * with a {@code NaN} strength (the reference would raise).
   */
  public static List<OfficialTypeEntry> degradations(String text) {
    String content = typeContentOrNull(text);
    return content == null ? List.of() : typeEntries(content);
  }

  /**
   * Every match of {@code (\w+(?:\s+\w+)*)\(([\d.]+)\)} in {@code s}, left to right and
   * non-overlapping, as {@code re.findall} returns them.
   *
   * <p>From a start at a word character, the greedy pattern can only end its name at the last word
   * of the whitespace-separated run of words beginning there; if that word is not immediately
   * followed by {@code (digits-and-dots)}, no start inside the run matches either, so the scan
   * resumes after the run. This keeps the scan linear.
   */
  public static List<OfficialTypeEntry> typeEntries(CharSequence s) {
    List<OfficialTypeEntry> out = new ArrayList<>(4);
    int n = s.length();
    int i = 0;
    while (i < n) {
      int cp = Character.codePointAt(s, i);
      if (!PythonText.isWord(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      int end = wordEnd(s, i);
      while (true) {
        int k = end;
        while (k < n && PythonText.isSpace(s.charAt(k))) {
          k++;
        }
        if (k > end && k < n && PythonText.isWord(Character.codePointAt(s, k))) {
          end = wordEnd(s, k);
        } else {
          break;
        }
      }
      if (end < n && s.charAt(end) == '(') {
        int d = end + 1;
        while (d < n) {
          int c = Character.codePointAt(s, d);
          if (c == '.' || PythonText.isDigit(c)) {
            d += Character.charCount(c);
          } else {
            break;
          }
        }
        if (d > end + 1 && d < n && s.charAt(d) == ')') {
          String strengthText = s.subSequence(end + 1, d).toString();
          out.add(
              new OfficialTypeEntry(
                  s.subSequence(start, end).toString(), strengthText, pythonFloat(strengthText)));
          i = d + 1;
          continue;
        }
      }
      i = end;
    }
    return out;
  }

  private static int wordEnd(CharSequence s, int i) {
    int n = s.length();
    while (i < n) {
      int cp = Character.codePointAt(s, i);
      if (!PythonText.isWord(cp)) {
        break;
      }
      i += Character.charCount(cp);
    }
    return i;
  }

  /**
   * Python's {@code float()} of a string made of Unicode decimal digits and dots; {@code NaN} where
   * Python raises ({@code "."}, {@code "0.4.5"}).
   */
  static double pythonFloat(String digitsAndDots) {
    int dots = 0;
    int digits = 0;
    boolean ascii = true;
    for (int i = 0; i < digitsAndDots.length(); i++) {
      char c = digitsAndDots.charAt(i);
      if (c == '.') {
        dots++;
      } else {
        digits++;
        if (c > '9' || c < '0') {
          ascii = false;
        }
      }
    }
    if (dots > 1 || digits == 0) {
      return Double.NaN;
    }
    String t = digitsAndDots;
    if (!ascii) {
      StringBuilder sb = new StringBuilder(t.length());
      t.codePoints()
          .forEach(cp -> sb.append(cp == '.' ? '.' : (char) ('0' + Character.digit(cp, 10))));
      t = sb.toString();
    }
    return Double.parseDouble(t);
  }

  /**
   * The official {@code format_reward_robust} test: whether the five sections appear, in order,
   * with only whitespace between a closing tag and the next opening tag, anywhere in the text.
   *
   * <p>Choosing the earliest candidate at every step is optimal (each step only constrains the
   * next to start later), so a single forward scan decides what the backtracking regex decides.
   */
  public static boolean formatMatches(String text) {
    int p = text.indexOf(SECTIONS[0].openTag());
    if (p < 0) {
      return false;
    }
    p += SECTIONS[0].openTag().length();
    int n = text.length();
    for (int k = 0; k < SECTIONS.length - 1; k++) {
      String close = SECTIONS[k].closeTag();
      String next = SECTIONS[k + 1].openTag();
      int q = p;
      while (true) {
        int e = text.indexOf(close, q);
        if (e < 0) {
          return false;
        }
        int j = e + close.length();
        while (j < n && PythonText.isSpace(text.charAt(j))) {
          j++;
        }
        if (text.startsWith(next, j)) {
          p = j + next.length();
          break;
        }
        q = e + 1;
      }
    }
    return text.indexOf(Section.ANSWER.closeTag(), p) >= 0;
  }

  /**
   * The ground truth {@code grpo_jsonl.py} derives from an assistant turn: every literal {@code
   * <answer>} and {@code </answer>} removed, then {@code strip()}.
   */
  public static String groundTruth(String assistantTurn) {
    return PythonText.strip(assistantTurn.replace("<answer>", "").replace("</answer>", ""));
  }

  /**
   * The reward {@code solution} built from a ground truth: {@code "<answer> " + gt + "
   * </answer>"}. Its token length is the official length target.
   */
  public static String solution(String groundTruth) {
    return "<answer> " + groundTruth + " </answer>";
  }
}
