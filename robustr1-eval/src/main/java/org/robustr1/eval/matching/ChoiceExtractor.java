package org.robustr1.eval.matching;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VLMEvalKit's {@code extract_answer_from_item} and {@code eval_vanilla}: {@code can_infer} on the
 * prediction; failing that, either {@code Z} (exact matching, no judge) or up to 3 judge calls
 * whose replies go through {@code can_infer}; after 3 failures a random letter among the options
 * and {@code Z}. The reference draws that letter unseeded; here it comes from a seeded {@link
 * Random} and is logged, so a run is reproducible.
 *
 * <p>Not thread-safe (the random source is shared); use one instance per thread.
 */
public final class ChoiceExtractor {

  private static final Logger LOG = LoggerFactory.getLogger(ChoiceExtractor.class);

  /** The log text of a prediction that exact matching could not resolve. */
  public static final String EXACT_FAILURE =
      "Failed in Prefetch, no GPT-based answer matching under `exact_matching` policy.";

  /** The log text of a random fallback. */
  public static final String RANDOM_FALLBACK = "Failed to predict, thus randomly generate one. ";

  private static final int TRIES = 3;

  /** How the option was obtained. */
  public enum Path {
    /** {@code can_infer} on the prediction. */
    PREFETCH,
    /** No judge and {@code can_infer} failed: option {@code Z}. */
    EXACT_FAILURE,
    /** A judge reply resolved it. */
    JUDGE,
    /** Three judge replies failed: random letter. */
    RANDOM
  }

  /**
   * The outcome for one item.
   *
   * @param option the option letter ({@code A}..{@code Z})
   * @param log what the reference logs ({@code res['log']})
   * @param path how the option was obtained
   * @param judgePrompts the prompts sent to the judge, one per call
   * @param randomCandidates the letters a random fallback drew from (empty otherwise)
   */
  public record Extraction(
      String option, String log, Path path, List<String> judgePrompts, List<String> randomCandidates) {}

  /**
   * The scored outcome of one item ({@code eval_vanilla}).
   *
   * @param extraction the extraction
   * @param hit 1 when the option equals the ground truth
   * @param log {@code "Match Log: {log}. "}
   */
  public record Scored(Extraction extraction, int hit, String log) {}

  private final AnswerMatcher matcher;
  private final JudgeModel judge;
  private final Random random;

  private ChoiceExtractor(AnswerMatcher matcher, JudgeModel judge, long seed) {
    this.matcher = requireNonNull(matcher, "matcher");
    this.judge = judge;
    this.random = new Random(seed);
  }

  /** Exact matching only (VLMEvalKit's {@code exact_matching}). */
  public static ChoiceExtractor exactMatching(AnswerMatcher matcher) {
    return new ChoiceExtractor(matcher, null, 0L);
  }

  /** With a judge; {@code seed} seeds the random fallback. */
  public static ChoiceExtractor withJudge(AnswerMatcher matcher, JudgeModel judge, long seed) {
    return new ChoiceExtractor(matcher, requireNonNull(judge, "judge"), seed);
  }

  /** Whether a judge is configured. */
  public boolean hasJudge() {
    return judge != null;
  }

  /**
   * Extracts the option for one item.
   *
   * @param question the question (selects the judge template)
   * @param choices letter to option text, in letter order; null values are dropped (NaN options)
   * @param prediction the model's answer
   */
  public Extraction extract(String question, Map<String, String> choices, String prediction) {
    requireNonNull(question, "question");
    requireNonNull(prediction, "prediction");
    Map<String, String> dict = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : choices.entrySet()) {
      checkArgument(
          e.getKey().length() == 1 && e.getKey().charAt(0) >= 'A' && e.getKey().charAt(0) <= 'Z',
          "option key must be a letter A..Z, got '%s'", e.getKey());
      if (e.getValue() != null) {
        dict.put(e.getKey(), e.getValue());
      }
    }
    String prompt = JudgePrompts.forItem(question, dict, prediction);
    Optional<String> ret = matcher.canInfer(prediction, dict, true);
    if (ret.isPresent()) {
      return new Extraction(ret.get(), prediction, Path.PREFETCH, List.of(), List.of());
    }
    if (judge == null) {
      return new Extraction("Z", EXACT_FAILURE, Path.EXACT_FAILURE, List.of(), List.of());
    }
    List<String> prompts = new ArrayList<>(TRIES);
    for (int t = 0; t < TRIES; t++) {
      prompts.add(prompt);
      String ans = judge.generate(prompt);
      if (ans == null || ans.contains(JudgeModel.API_FAILURE)) {
        LOG.warn("judge API failed to answer");
        continue;
      }
      Optional<String> r = matcher.canInfer(ans, dict, true);
      if (r.isPresent()) {
        return new Extraction(r.get(), ans, Path.JUDGE, List.copyOf(prompts), List.of());
      }
      LOG.warn("judge output includes 0 / > 1 letter among candidates {} and Z: {}", dict.keySet(), ans);
    }
    List<String> options = new ArrayList<>(dict.keySet());
    if (!dict.containsKey("Z")) {
      options.add("Z");
    } else {
      options.clear();
    }
    String pick = options.isEmpty() ? "Z" : options.get(random.nextInt(options.size()));
    LOG.warn("judge failed {} times; random fallback picked {} from {}", TRIES, pick, options);
    return new Extraction(pick, RANDOM_FALLBACK, Path.RANDOM, List.copyOf(prompts), List.copyOf(options));
  }

  /** {@code eval_vanilla}: extraction plus hit against the ground-truth letter. */
  public Scored score(String question, Map<String, String> choices, String prediction, String answer) {
    Extraction ex = extract(question, choices, prediction);
    int hit = ex.option().equals(answer) ? 1 : 0;
    return new Scored(ex, hit, "Match Log: " + ex.log() + ". ");
  }
}
