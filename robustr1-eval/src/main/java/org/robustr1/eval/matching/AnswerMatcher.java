package org.robustr1.eval.matching;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.robustr1.core.chain.PythonText;

/**
 * VLMEvalKit's {@code can_infer}: maps a free-text answer to one of the option letters, to
 * {@code Z} (explicit refusal / "none"), or to nothing.
 *
 * <p>Choices are an ordered map from letter ({@code A}..{@code Z}) to the option text as Python's
 * {@code str()} prints it. All lengths are in code points and tokens come from Python's {@code
 * str.split()}, so non-ASCII input behaves exactly as in the reference.
 */
public final class AnswerMatcher {

  private static final String API_FAILURE = "Failed to obtain answer via API";
  private static final List<String> REFUSALS =
      List.of(
          "Sorry, I can't help with images of people yet.",
          "I can't process this file.",
          "I'm sorry, but without the image provided",
          "Cannot determine the answer");
  private static final String PUNCT = ".()[],:;!*#{}";
  private static final String WS = PythonText.WHITESPACE_CLASS;
  private static final Pattern ANSWER_IS =
      Pattern.compile(
          "(?:correct" + WS + "+)?answer" + WS + "+is" + WS + "+\\**([ABCD])\\**",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private final MatchingRules rules;
  private final boolean verbose;

  private AnswerMatcher(MatchingRules rules, boolean verbose) {
    this.rules = requireNonNull(rules, "rules");
    this.verbose = verbose;
  }

  /** A matcher following {@code rules}. */
  public static AnswerMatcher of(MatchingRules rules) {
    return new AnswerMatcher(rules, false);
  }

  /**
   * A matcher that also reproduces the reference's {@code VERBOSE} environment variable quirk: when
   * the token {@code A} is present among more than 3 tokens, the option stage gives up ("A might be
   * a quantifier").
   */
  public static AnswerMatcher withVerboseQuirk(MatchingRules rules) {
    return new AnswerMatcher(rules, true);
  }

  /** The rules this matcher follows. */
  public MatchingRules rules() {
    return rules;
  }

  /** {@code can_infer(answer, choices)}: the option stage, then the text stage. */
  public Optional<String> canInfer(String answer, Map<String, String> choices) {
    return canInfer(answer, new LinkedHashMap<>(choices), false);
  }

  /**
   * {@code can_infer} on a choices map that, like the reference's dict, is lower-cased in place by
   * the text stage once it passes the length check. Used by the judge-assisted extraction, which
   * reuses one dict across calls.
   */
  Optional<String> canInfer(String answer, Map<String, String> choices, boolean mutate) {
    Optional<String> r = canInferOption(answer, choices);
    if (r.isPresent()) {
      return r;
    }
    return canInferText(answer, choices, mutate);
  }

  /** {@code can_infer_option}: letter tokens, refusals, {@code Z}, and (current) the regex. */
  public Optional<String> canInferOption(String answer, Map<String, String> choices) {
    requireNonNull(answer, "answer");
    if (answer.contains(API_FAILURE)) {
      return Optional.empty();
    }
    for (String refusal : REFUSALS) {
      if (answer.contains(refusal)) {
        return Optional.of("Z");
      }
    }
    StringBuilder mod = new StringBuilder(answer.length());
    for (int i = 0; i < answer.length(); i++) {
      char c = answer.charAt(i);
      mod.append(PUNCT.indexOf(c) >= 0 ? ' ' : c);
    }
    List<String> splits = PythonText.split(mod.toString());
    int count = 0;
    for (String letter : choices.keySet()) {
      if (splits.contains(letter)) {
        count++;
      }
    }
    if (count == 1) {
      for (String letter : choices.keySet()) {
        if (verbose && splits.contains("A") && splits.size() > 3) {
          return Optional.empty();
        }
        int at = splits.indexOf(letter);
        if (at >= 0 && (!rules.positionCheck() || at > splits.size() - 5)) {
          return Optional.of(letter);
        }
      }
    } else if (count == 0 && splits.contains("Z")) {
      return Optional.of("Z");
    }
    if (rules.answerIsRegex()) {
      Matcher m = ANSWER_IS.matcher(answer);
      if (m.find()) {
        String letter = m.group(1).toUpperCase(java.util.Locale.ROOT);
        if (choices.containsKey(letter)) {
          return Optional.of(letter);
        }
      }
    }
    return Optional.empty();
  }

  /** {@code can_infer_text}: the unique option whose lower-cased text occurs in the answer. */
  public Optional<String> canInferText(String answer, Map<String, String> choices) {
    return canInferText(answer, new LinkedHashMap<>(choices), false);
  }

  private Optional<String> canInferText(
      String answer, Map<String, String> choices, boolean mutate) {
    String a = PythonText.lower(answer);
    if (rules.lengthCheck()) {
      long total = 0;
      for (String v : choices.values()) {
        total += PythonText.len(v);
      }
      if (PythonText.len(a) > 2 * total) {
        return Optional.empty();
      }
    }
    Map<String, String> lowered = mutate ? choices : new LinkedHashMap<>(choices);
    for (Map.Entry<String, String> e : lowered.entrySet()) {
      e.setValue(PythonText.lower(e.getValue()));
    }
    String candidate = null;
    int n = 0;
    for (Map.Entry<String, String> e : lowered.entrySet()) {
      if (a.contains(e.getValue())) {
        candidate = e.getKey();
        n++;
      }
    }
    return n == 1 ? Optional.of(candidate) : Optional.empty();
  }
}
