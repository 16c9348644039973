package org.robustr1.bench.chain;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ReasoningChain;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.reward.RewardContext;
import org.robustr1.core.reward.TokenCounter;

/**
 * Deterministic reasoning chains of a requested length for the benchmarks: English-like prose in
 * the five sections, two TYPE entries, an answer letter. Lengths are in tokens of {@link
 * TokenCounter#approximate()} (Qwen2 pre-tokenizer pieces, close to Qwen BPE tokens for English
 * prose), measured on the rendered chain, tags included.
 */
public final class ChainFixtures {

  /** The chain lengths the length-parameterised benchmarks sweep, in tokens. */
  public static final String[] LENGTHS = {"64", "128", "256", "512", "1024", "2048", "4096"};

  private static final String[] WORDS = {
    "the", "image", "shows", "a", "street", "with", "several", "vehicles", "and", "people", "in",
    "foreground", "appear", "to", "be", "riding", "open", "wagons", "pulled", "by", "horses",
    "while", "background", "is", "blurred", "edges", "are", "smeared", "along", "one", "direction",
    "compression", "adds", "blocking", "artefacts", "so", "fine", "details", "such", "as", "wheels",
    "harder", "see", "left", "side", "right", "of", "shape", "colour", "texture", "suggests",
    "that", "object", "near", "centre", "likely", "because", "its", "outline", "remains", "visible",
    "despite", "noise", "therefore", "option", "matches", "scene", "best", "lighting", "dark",
    "contrast", "low", "region", "top", "bottom", "sign", "text", "reads", "building", "tree",
  };

  private static final String[] ANSWERS = {"A", "B", "C", "D"};

  private ChainFixtures() {}

  /**
   * A chain whose rendering is the shortest of at least {@code tokens} approximate tokens (or the
   * minimal chain when that is already longer), drawn from {@code seed}.
   */
  public static ReasoningChain chain(int tokens, long seed) {
    checkArgument(tokens > 0, "tokens must be positive, got %s", tokens);
    TokenCounter counter = TokenCounter.approximate();
    int lo = 0;
    int hi = Math.max(8, tokens);
    while (counter.count(render(build(hi, seed))) < tokens) {
      hi *= 2;
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (counter.count(render(build(mid, seed))) >= tokens) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return build(lo, seed);
  }

  /** The rendered text of {@link #chain(int, long) chain(tokens, 0)}. */
  public static String completion(int tokens) {
    return render(chain(tokens, 0));
  }

  /**
   * {@code n} different completions of about {@code tokens} tokens: different prose, answers, TYPE
   * entries and strengths, as the G samples of a GRPO group differ.
   */
  public static List<String> completions(int n, int tokens) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(render(chain(tokens, i)));
    }
    return out;
  }

  /**
   * The official reward context of a ground-truth chain of about {@code tokens} tokens whose answer
   * and TYPE names agree with {@link #completion(int)} and whose strengths differ from it.
   */
  public static RewardContext reference(int tokens) {
    return reference(tokens, 0);
  }

  /** The reward context of ground truth number {@code seed} (see {@link #reference(int)}). */
  public static RewardContext reference(int tokens, long seed) {
    ReasoningChain c = chain(tokens, seed);
    ImmutableList.Builder<TypedStrength> shifted = ImmutableList.builder();
    for (TypedStrength t : c.types()) {
      shifted.add(new TypedStrength(t.name(), t.type(), Math.min(1.0, t.strength() + 0.05)));
    }
    ReasoningChain gt =
        new ReasoningChain(shifted.build(), c.influence(), c.reasoning(), c.conclusion(), c.answer());
    return RewardContext.ofAssistantTurn(render(gt));
  }

  /** The chain rendered by {@link ChainFormat#DEFAULT}. */
  public static String render(ReasoningChain chain) {
    return ChainFormat.DEFAULT.render(chain);
  }

  private static ReasoningChain build(int words, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 17);
    int influenceWords = words * 15 / 100;
    int conclusionWords = words / 10;
    int reasoningWords = words - influenceWords - conclusionWords;
    List<DegradationType> official = DegradationType.official();
    DegradationType first = seed == 0 ? DegradationType.MOTION_BLUR : official.get(rnd.nextInt(official.size()));
    DegradationType second =
        seed == 0 ? DegradationType.JPEG_COMPRESSION : official.get(rnd.nextInt(official.size()));
    double s1 = seed == 0 ? 0.40 : 0.05 * (1 + rnd.nextInt(18));
    double s2 = seed == 0 ? 0.23 : 0.05 * (1 + rnd.nextInt(18));
    ImmutableList<TypedStrength> types =
        first == second
            ? ImmutableList.of(TypedStrength.of(first, s1))
            : ImmutableList.of(TypedStrength.of(first, s1), TypedStrength.of(second, s2));
    return ReasoningChain.builder()
        .optTypes(types)
        .optInfluence(prose(influenceWords, rnd))
        .optReasoning(prose(reasoningWords, rnd))
        .optConclusion(prose(conclusionWords, rnd))
        .setAnswer(seed == 0 ? "B" : ANSWERS[rnd.nextInt(ANSWERS.length)])
        .build();
  }

  private static String prose(int words, SplittableRandom rnd) {
    StringBuilder sb = new StringBuilder(words * 7);
    boolean capital = true;
    for (int i = 0; i < words; i++) {
      String w = WORDS[rnd.nextInt(WORDS.length)];
      if (i > 0) {
        sb.append(' ');
      }
      if (capital) {
        sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
        capital = false;
      } else {
        sb.append(w);
      }
      if (i == words - 1 || rnd.nextInt(14) == 0) {
        sb.append('.');
        capital = true;
      } else if (rnd.nextInt(10) == 0) {
        sb.append(',');
      }
    }
    return sb.toString();
  }
}
