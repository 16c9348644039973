package org.robustr1.core.io;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.OfficialParsing;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.chain.ReasoningChain;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.reward.RewardContext;

/**
 * One typed Robust-R1 sample: image path(s), question, multiple-choice options if any, answer, and
 * optionally the reasoning chain and the degradations applied to the image. Immutable; built with
 * {@link #builder()}, converted from and to the official {@link TrainRow}.
 */
public final class RobustSample {
  private final String id;
  private final ImmutableList<String> images;
  private final String question;
  private final ImmutableList<String> choices;
  private final String answer;
  private final ReasoningChain chain;
  private final DegradationRecord record;

  private RobustSample(Builder b) {
    this.id = b.id;
    this.images = ImmutableList.copyOf(b.images);
    this.question = requireNonNull(b.question, "question is required (setQuestion)");
    this.choices = ImmutableList.copyOf(b.choices);
    this.chain = b.chain;
    String a = b.answer;
    if (a == null && chain != null) {
      a = chain.answer();
    }
    requireNonNull(a, "answer is required (setAnswer or optChain)");
    checkArgument(
        chain == null || chain.answer().equals(a),
        "answer '%s' differs from the chain's answer '%s'",
        a,
        chain == null ? null : chain.answer());
    this.answer = a;
    this.record = b.record;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The sample id, if any. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** Image paths, in order (usually one). */
  public ImmutableList<String> images() {
    return images;
  }

  /** The question, without image placeholders and options. */
  public String question() {
    return question;
  }

  /** The multiple-choice options, in order (empty for open questions). */
  public ImmutableList<String> choices() {
    return choices;
  }

  /** The answer (for multiple choice, the option label as the dataset writes it, e.g. "3"). */
  public String answer() {
    return answer;
  }

  /** The reasoning chain, if any. */
  public Optional<ReasoningChain> chain() {
    return Optional.ofNullable(chain);
  }

  /** The applied degradations, if known. */
  public Optional<DegradationRecord> record() {
    return Optional.ofNullable(record);
  }

  /**
   * The dataset's user turn: one {@code <image>} per image, the question, then for multiple choice
   * {@code "\n"} and one {@code "i. option\n"} line per option.
   */
  public String userTurn() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < images.size(); i++) {
      sb.append("<image>");
    }
    sb.append(question);
    if (!choices.isEmpty()) {
      sb.append('\n');
      for (int i = 0; i < choices.size(); i++) {
        sb.append(i).append(". ").append(choices.get(i)).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * The official row: user turn, and the chain rendered with {@code format}.
   *
   * @throws IllegalStateException when the sample has no chain
   */
  public TrainRow toTrainRow(ChainFormat format) {
    if (chain == null) {
      throw new IllegalStateException(
          "sample " + (id == null ? question : id) + " has no reasoning chain to write");
    }
    return TrainRow.of(images, userTurn(), format.render(chain));
  }

  /**
   * The reward context: with a chain, the official one (solution from the rendered chain) plus the
   * record; without, the answer and the record (the length target then comes from a {@link
   * org.robustr1.core.length.LengthPolicy}).
   */
  public RewardContext toRewardContext(ChainFormat format) {
    RewardContext.Builder b = RewardContext.builder();
    if (chain != null) {
      b.setAssistantTurn(format.render(chain));
    } else {
      b.optAnswer(answer);
    }
    if (record != null) {
      b.optRecord(record);
    }
    return b.build();
  }

  /**
   * Reads an official row: options are the trailing {@code "i. text"} lines of the problem
   * (numbered from 0); the chain is the assistant turn parsed with {@code format} when all five
   * sections are there; the record is derived from the chain's TYPE entries when every name is a
   * known degradation with a strength in [0, 1].
   *
   * @param where location for messages
   * @throws JsonLinesException when the assistant turn has no answer
   */
  public static RobustSample fromTrainRow(TrainRow row, ChainFormat format, String where) {
    Builder b = builder().optImages(row.images());
    JsonNode idNode = row.json().get("id");
    if (idNode != null && (idNode.isTextual() || idNode.isNumber())) {
      b.optId(idNode.asText());
    }
    splitChoices(row.problem(), b);
    String gt = row.groundTruth();
    ParsedChain parsed = format.parse(gt);
    Optional<ReasoningChain> chain = parsed.toChain();
    if (chain.isPresent()) {
      b.optChain(chain.get());
      recordOf(chain.get()).ifPresent(b::optRecord);
    } else {
      String a = OfficialParsing.answerOrNull(gt);
      if (a == null) {
        throw new JsonLinesException(
            where, "conversations[1].value", "conversations[1].value has no <ANSWER> section", null);
      }
      b.setAnswer(a);
    }
    return b.build();
  }

  private static void splitChoices(String problem, Builder b) {
    String p = problem.endsWith("\n") ? problem.substring(0, problem.length() - 1) : problem;
    String[] lines = p.split("\n", -1);
    int k = lines.length;
    while (k > 1 && isOptionLine(lines[k - 1])) {
      k--;
    }
    int count = lines.length - k;
    boolean numbered = count >= 2 && problem.endsWith("\n");
    for (int i = 0; numbered && i < count; i++) {
      numbered = lines[k + i].startsWith(i + ". ");
    }
    if (!numbered) {
      b.setQuestion(problem);
      return;
    }
    List<String> choices = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      choices.add(lines[k + i].substring((i + ". ").length()));
    }
    b.setQuestion(String.join("\n", java.util.Arrays.asList(lines).subList(0, k)));
    b.optChoices(choices);
  }

  private static boolean isOptionLine(String line) {
    int i = 0;
    while (i < line.length() && Character.isDigit(line.charAt(i))) {
      i++;
    }
    return i > 0 && line.startsWith(". ", i);
  }

  private static Optional<DegradationRecord> recordOf(ReasoningChain chain) {
    if (chain.types().isEmpty()) {
      return Optional.empty();
    }
    List<AppliedDegradation> steps = new ArrayList<>();
    for (TypedStrength t : chain.types()) {
      if (t.type().isEmpty() || t.strength() > 1) {
        return Optional.empty();
      }
      steps.add(AppliedDegradation.of(t.type().get(), t.strength()));
    }
    return Optional.of(DegradationRecord.of(steps));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RobustSample s
        && Objects.equals(id, s.id)
        && images.equals(s.images)
        && question.equals(s.question)
        && choices.equals(s.choices)
        && answer.equals(s.answer)
        && Objects.equals(chain, s.chain)
        && Objects.equals(record, s.record);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, images, question, choices, answer, chain, record);
  }

  @Override
  public String toString() {
    return "RobustSample{id=" + id + ", images=" + images + ", question=" + question
        + ", choices=" + choices + ", answer=" + answer + ", chain=" + chain + ", record="
        + record + "}";
  }

  /** Builder: {@code setX} for required values, {@code optX} for optional ones. */
  public static final class Builder {
    private String id;
    private List<String> images = List.of();
    private String question;
    private List<String> choices = List.of();
    private String answer;
    private ReasoningChain chain;
    private DegradationRecord record;

    private Builder() {}

    /** An identifier. */
    public Builder optId(String id) {
      this.id = id;
      return this;
    }

    /** Image paths (default none). */
    public Builder optImages(List<String> images) {
      this.images = ImmutableList.copyOf(images);
      return this;
    }

    /** The question (required). */
    public Builder setQuestion(String question) {
      this.question = question;
      return this;
    }

    /** Multiple-choice options (default none). */
    public Builder optChoices(List<String> choices) {
      this.choices = ImmutableList.copyOf(choices);
      return this;
    }

    /** The answer (required unless a chain gives it). */
    public Builder setAnswer(String answer) {
      this.answer = answer;
      return this;
    }

    /** The reasoning chain. */
    public Builder optChain(ReasoningChain chain) {
      this.chain = chain;
      return this;
    }

    /** The applied degradations. */
    public Builder optRecord(DegradationRecord record) {
      this.record = record;
      return this;
    }

    /** Builds and validates. */
    public RobustSample build() {
      return new RobustSample(this);
    }
  }
}
