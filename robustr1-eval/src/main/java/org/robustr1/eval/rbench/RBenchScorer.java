package org.robustr1.eval.rbench;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import org.robustr1.eval.matching.JudgeModel;
import org.robustr1.eval.text.PyLiteral;

/**
 * Scores R-Bench answers as the official notebook does, with a pluggable judge:
 *
 * <ul>
 *   <li>{@link #llm(JudgeModel)}: the notebook's procedure: MCQ 5 calls, majority ({@code
 *       int(sum/5 + 0.5)}); VQA 5 calls, {@code sum/10}; CAP one call per reference caption,
 *       {@code sum/(2n)} (against the model's own reference-image answer: 5 calls, {@code sum/10}).
 *       A reply scores its last character if that is an allowed digit, else 0.
 *   <li>{@link #offline()}: no LLM; MCQ by option letter, VQA/CAP by normalised match (1 equal,
 *       0.5 containment, 0 otherwise; CAP averaged over references). Not the official metric: use it
 *       for smoke tests and offline comparisons only.
 * </ul>
 */
public final class RBenchScorer {

  private final JudgeModel judge;

  private RBenchScorer(JudgeModel judge) {
    this.judge = judge;
  }

  /** The official LLM-judged procedure (give a judge that sends {@link RBenchPrompts#JUDGE_SYSTEM}). */
  public static RBenchScorer llm(JudgeModel judge) {
    return new RBenchScorer(requireNonNull(judge, "judge"));
  }

  /** The offline normalised-match judge. */
  public static RBenchScorer offline() {
    return new RBenchScorer(null);
  }

  /** {@code Score(GT, answer)}: the answer against the answer key (Result_dis / Result_ref). */
  public double scoreAgainstKey(RBenchItem item, String answer) {
    String a = answer == null ? "nan" : answer;
    return switch (item.task()) {
      case MCQ -> judge == null ? offlineMcq(item, item.answer(), a)
          : majority(RBenchPrompts.mcqJudge(item.question(), item.choice(), item.answer(), a));
      case VQA -> judge == null ? offlineText(item.answer(), a)
          : sum(RBenchPrompts.vqaJudge(item.question(), item.answer(), a), 5, 2) / 10.0;
      case CAP -> {
        List<String> refs = PyLiteral.parseStringList(item.answer());
        checkArgument(!refs.isEmpty(), "CAP item %s has no reference captions", item.name());
        double s = 0;
        for (String ref : refs) {
          s += judge == null ? 2 * offlineText(ref, a) : sum(RBenchPrompts.capJudge(ref, a), 1, 2);
        }
        yield s / (2.0 * refs.size());
      }
    };
  }

  /** {@code Score(A_ref, A_dis)}: the distorted-image answer against the reference-image answer (Result_com). */
  public double scoreAgainstReferenceAnswer(RBenchItem item, String refAnswer, String disAnswer) {
    String r = refAnswer == null ? "nan" : refAnswer;
    String d = disAnswer == null ? "nan" : disAnswer;
    return switch (item.task()) {
      case MCQ -> judge == null ? offlineMcq(item, r, d) : majority(RBenchPrompts.mcqJudge(item.question(), item.choice(), r, d));
      case VQA -> judge == null ? offlineText(r, d) : sum(RBenchPrompts.vqaJudge(item.question(), r, d), 5, 2) / 10.0;
      case CAP -> judge == null ? offlineText(r, d) : sum(RBenchPrompts.capJudge(r, d), 5, 2) / 10.0;
    };
  }

  private int majority(String prompt) {
    return (int) (sum(prompt, 5, 1) / 5.0 + 0.5);
  }

  private int sum(String prompt, int calls, int max) {
    int s = 0;
    for (int i = 0; i < calls; i++) {
      s += parse(judge.generate(prompt), max);
    }
    return s;
  }

  /** The notebook's reply parsing: the last character if it is a digit in 0..max, else 0. */
  public static int parse(String reply, int max) {
    if (reply == null || reply.isEmpty()) {
      return 0;
    }
    char c = reply.charAt(reply.length() - 1);
    return c >= '0' && c <= '0' + max ? c - '0' : 0;
  }

  private static double offlineMcq(RBenchItem item, String correct, String answer) {
    String want = letter(correct);
    String got = letter(answer);
    return want != null && want.equals(got) ? 1.0 : 0.0;
  }

  /** The option letter an MCQ answer starts with ({@code "B"}, {@code "B."}, {@code "(B) ..."}), or null. */
  static String letter(String s) {
    String t = s.strip();
    if (t.startsWith("(")) {
      t = t.substring(1);
    }
    if (!t.isEmpty() && t.charAt(0) >= 'A' && t.charAt(0) <= 'E'
        && (t.length() == 1 || !Character.isLetterOrDigit(t.charAt(1)))) {
      return String.valueOf(t.charAt(0));
    }
    return null;
  }

  private static double offlineText(String reference, String answer) {
    String r = normalise(reference);
    String a = normalise(answer);
    if (r.isEmpty() || a.isEmpty()) {
      return 0.0;
    }
    if (r.equals(a)) {
      return 1.0;
    }
    return a.contains(r) || r.contains(a) ? 0.5 : 0.0;
  }

  /** Lower case, punctuation removed, articles dropped, whitespace collapsed. */
  static String normalise(String s) {
    String t = s.toLowerCase(Locale.ROOT).replaceAll("[\\p{Punct}]", " ");
    t = (" " + t + " ").replaceAll("\\s(a|an|the)(?=\\s)", " ");
    return t.trim().replaceAll("\\s+", " ");
  }
}
