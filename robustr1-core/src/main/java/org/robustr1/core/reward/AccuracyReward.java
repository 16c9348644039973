package org.robustr1.core.reward;

import java.util.Locale;
import java.util.Objects;
import org.robustr1.core.chain.OfficialParsing;
import org.robustr1.core.chain.PythonText;

/**
 * The answer reward, in {0, 1}.
 *
 * <p>{@link #official()} is the reference {@code accuracy_reward}: the stripped content of the
 * first {@code <ANSWER>…<ANSWER_END>} of the completion equals, exactly and case-sensitively, the
 * reference answer ({@code "3" ≠ "3." ≠ "cars"}); when neither has the tag, {@code None == None}
 * and the reward is 1.
 *
 * <p>{@link #normalized()} compares after normalisation (case, inner whitespace, surrounding
 * quotes and brackets, trailing punctuation, a leading "answer:"); a completion answering an
 * option label ({@code "3"}, {@code "B"}) may add the option text ({@code "3. cars"}); a missing
 * answer on either side scores 0.
 */
public final class AccuracyReward implements RewardFunction {
  private static final AccuracyReward OFFICIAL = new AccuracyReward(false);
  private static final AccuracyReward NORMALIZED = new AccuracyReward(true);

  private final boolean normalized;

  private AccuracyReward(boolean normalized) {
    this.normalized = normalized;
  }

  /** The reference reward ({@code accuracy_reward}). */
  public static AccuracyReward official() {
    return OFFICIAL;
  }

  /** The normalised variant ({@code accuracy_reward_normalized}). */
  public static AccuracyReward normalized() {
    return NORMALIZED;
  }

  @Override
  public String name() {
    return normalized ? "accuracy_reward_normalized" : "accuracy_reward";
  }

  @Override
  public double reward(String completion, RewardContext context) {
    String predicted = OfficialParsing.answerOrNull(completion);
    String reference = context.answerOrNull();
    if (!normalized) {
      return Objects.equals(predicted, reference) ? 1.0 : 0.0;
    }
    if (predicted == null || reference == null) {
      return 0.0;
    }
    return matchesNormalized(predicted, reference) ? 1.0 : 0.0;
  }

  /** Whether two answers match after {@link #normalize(String)} (option labels included). */
  public static boolean matchesNormalized(String predicted, String reference) {
    String p = normalize(predicted);
    String r = normalize(reference);
    if (r.isEmpty()) {
      return p.isEmpty();
    }
    if (p.equals(r)) {
      return true;
    }
    if (isOptionLabel(r) && p.startsWith(r) && p.length() > r.length()) {
      char c = p.charAt(r.length());
      return !Character.isLetterOrDigit(c);
    }
    return false;
  }

  /**
   * Lower case, whitespace runs collapsed to one space, a leading {@code answer:} / {@code the
   * answer is} removed, surrounding quotes and brackets and trailing {@code . , ; : !} removed.
   */
  public static String normalize(String answer) {
    StringBuilder sb = new StringBuilder(answer.length());
    boolean space = false;
    for (int i = 0; i < answer.length(); i++) {
      char c = answer.charAt(i);
      if (PythonText.isSpace(c)) {
        space = sb.length() > 0;
      } else {
        if (space) {
          sb.append(' ');
          space = false;
        }
        sb.append(c);
      }
    }
    String s = sb.toString().toLowerCase(Locale.ROOT);
    for (String prefix : new String[] {"the answer is", "answer:", "answer is"}) {
      if (s.startsWith(prefix)) {
        s = s.substring(prefix.length()).trim();
      }
    }
    boolean changed = true;
    while (changed && !s.isEmpty()) {
      changed = false;
      char last = s.charAt(s.length() - 1);
      if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!') {
        s = s.substring(0, s.length() - 1).trim();
        changed = true;
      } else if (s.length() >= 2 && isPair(s.charAt(0), last)) {
        s = s.substring(1, s.length() - 1).trim();
        changed = true;
      }
    }
    return s;
  }

  private static boolean isPair(char a, char b) {
    return (a == '"' && b == '"') || (a == '\'' && b == '\'') || (a == '(' && b == ')')
        || (a == '[' && b == ']') || (a == '`' && b == '`');
  }

  private static boolean isOptionLabel(String r) {
    if (r.length() == 1 && Character.isLetter(r.charAt(0))) {
      return true;
    }
    for (int i = 0; i < r.length(); i++) {
      if (r.charAt(i) < '0' || r.charAt(i) > '9') {
        return false;
      }
    }
    return r.length() <= 3;
  }

  @Override
  public String toString() {
    return name();
  }
}
