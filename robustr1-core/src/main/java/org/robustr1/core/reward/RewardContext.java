package org.robustr1.core.reward;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.robustr1.core.chain.OfficialParsing;
import org.robustr1.core.chain.OfficialTypeEntry;
import org.robustr1.core.chain.PythonText;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationRecord;

/**
 * The ground truth one prompt's completions are scored against. Immutable and thread-safe; build it
 * once per prompt and reuse it for the prompt's G completions (the reference answer and types are
 * extracted once, the solution's token count is cached).
 *
 * <p>The official setting is {@link #ofAssistantTurn(String)}: the ground-truth chain of a {@code
 * train.jsonl} row, from which the reference derives {@code solution = "<answer> " + gt + "
 * </answer>"}; the reference answer and TYPE entries are extracted from the solution, and the
 * length target is its token count. Without a reference chain, a context can instead carry a plain
 * answer, a {@link DegradationRecord} (reference TYPE entries = chain name and intensity of each
 * step; length target from a {@link org.robustr1.core.length.LengthPolicy}) and/or an explicit
 * target length.
 */
public final class RewardContext {
  private final String solution;
  private final String answer;
  private final ImmutableList<OfficialTypeEntry> referenceTypes;
  private final String[] refNames;
  private final double[] refStrengths;
  private final Map<String, Integer> refIndex;
  private final boolean referenceMalformed;
  private final DegradationRecord record;
  private final double targetLength;
  private volatile CachedCount cache;

  private record CachedCount(TokenCounter counter, int count) {}

  private RewardContext(Builder b) {
    this.solution = b.solution;
    this.answer =
        b.answer != null
            ? PythonText.strip(b.answer)
            : (b.solution != null ? OfficialParsing.answerOrNull(b.solution) : null);
    this.record = b.record;
    this.targetLength = b.targetLength;
    List<OfficialTypeEntry> types = new ArrayList<>();
    if (solution != null) {
      types.addAll(OfficialParsing.degradations(solution));
    } else if (record != null) {
      for (AppliedDegradation d : record.steps()) {
        double v = d.intensity().value();
        types.add(new OfficialTypeEntry(d.type().chainName(), Double.toString(v), v));
      }
    }
    this.referenceTypes = ImmutableList.copyOf(types);
    // dict(B): insertion order of first occurrence, value of the last well-formed occurrence.
    LinkedHashMap<String, Double> dict = new LinkedHashMap<>();
    boolean malformed = false;
    for (OfficialTypeEntry e : types) {
      if (e.wellFormed()) {
        dict.put(e.name(), e.strength());
      } else {
        malformed = true;
      }
    }
    this.referenceMalformed = malformed;
    this.refNames = dict.keySet().toArray(new String[0]);
    this.refStrengths = new double[refNames.length];
    this.refIndex = new HashMap<>(Math.max(4, refNames.length * 2));
    for (int i = 0; i < refNames.length; i++) {
      refStrengths[i] = dict.get(refNames[i]);
      refIndex.put(refNames[i], i);
    }
  }

  /**
   * The official context of a {@code train.jsonl} row's assistant turn ({@code
   * conversations[1].value}): ground truth = the turn without {@code <answer>}/{@code </answer>},
   * stripped; solution = {@code "<answer> " + gt + " </answer>"}.
   */
  public static RewardContext ofAssistantTurn(String assistantTurn) {
    return builder().setAssistantTurn(assistantTurn).build();
  }

  /** A context whose reference solution string is given as is (already wrapped). */
  public static RewardContext ofSolution(String solution) {
    return builder().setSolution(solution).build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The reference solution string, if the context has a reference chain. */
  public Optional<String> solution() {
    return Optional.ofNullable(solution);
  }

  /** The reference answer ({@code None} in the reference when the solution has no ANSWER). */
  public Optional<String> answer() {
    return Optional.ofNullable(answer);
  }

  /** The reference answer or null; what the official accuracy reward compares against. */
  public String answerOrNull() {
    return answer;
  }

  /** The reference TYPE entries, in order, as the official parser reads them. */
  public ImmutableList<OfficialTypeEntry> referenceTypes() {
    return referenceTypes;
  }

  /** Whether a reference TYPE entry has a strength Python's {@code float()} rejects. */
  public boolean referenceHasMalformedStrength() {
    return referenceMalformed;
  }

  /** The degradation record, if given. */
  public Optional<DegradationRecord> record() {
    return Optional.ofNullable(record);
  }

  /** The explicit target length, if given. */
  public OptionalDouble targetLength() {
    return Double.isNaN(targetLength) ? OptionalDouble.empty() : OptionalDouble.of(targetLength);
  }

  /** Number of distinct reference type names ({@code len(dict(B))}). */
  int referenceTypeCount() {
    return refNames.length;
  }

  /** Index of a reference type name, or -1. */
  int referenceIndex(String name) {
    Integer i = refIndex.get(name);
    return i == null ? -1 : i;
  }

  double referenceStrength(int index) {
    return refStrengths[index];
  }

  /** The solution's token count under {@code counter}, cached per counter. */
  int solutionTokens(TokenCounter counter) {
    CachedCount c = cache;
    if (c != null && c.counter == counter) {
      return c.count;
    }
    int n = counter.count(solution);
    cache = new CachedCount(counter, n);
    return n;
  }

  @Override
  public String toString() {
    return "RewardContext{answer=" + answer + ", types=" + referenceTypes + ", record=" + record
        + (Double.isNaN(targetLength) ? "" : ", targetLength=" + targetLength) + "}";
  }

  /** Builder: {@code setX} for the reference chain (either form), {@code optX} for the rest. */
  public static final class Builder {
    private String solution;
    private String answer;
    private DegradationRecord record;
    private double targetLength = Double.NaN;

    private Builder() {}

    /** The reference chain as a {@code train.jsonl} assistant turn (see {@link #ofAssistantTurn}). */
    public Builder setAssistantTurn(String assistantTurn) {
      requireNonNull(assistantTurn, "assistantTurn");
      this.solution = OfficialParsing.solution(OfficialParsing.groundTruth(assistantTurn));
      return this;
    }

    /** The reference solution string, used verbatim. */
    public Builder setSolution(String solution) {
      this.solution = requireNonNull(solution, "solution");
      return this;
    }

    /** The reference answer (overrides the one extracted from the solution). */
    public Builder optAnswer(String answer) {
      this.answer = requireNonNull(answer, "answer");
      return this;
    }

    /**
     * The degradations applied to the image: the reference TYPE entries when there is no solution,
     * and the input of the length policy.
     */
    public Builder optRecord(DegradationRecord record) {
      this.record = requireNonNull(record, "record");
      return this;
    }

    /** An explicit length target L* (takes precedence over the solution and the length policy). */
    public Builder optTargetLength(double tokens) {
      checkArgument(Double.isFinite(tokens) && tokens > 0,
          "target length must be finite and > 0, got %s", tokens);
      this.targetLength = tokens;
      return this;
    }

    /** Builds the context. */
    public RewardContext build() {
      return new RewardContext(this);
    }
  }
}
