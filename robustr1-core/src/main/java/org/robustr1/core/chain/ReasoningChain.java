package org.robustr1.core.chain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.robustr1.core.degradation.DegradationRecord;

/**
 * A complete degradation-aware reasoning chain: the degradations with strengths, their influence on
 * the image, the reasoning, the conclusion and the answer.
 *
 * <p>Texts are stored {@link PythonText#strip stripped} and may be empty; they must not contain a
 * section tag (which would make the rendered chain ambiguous). Type names must be non-blank and
 * free of {@code ( ) , ;} and line breaks, so that the rendered TYPE list parses back.
 *
 * @param types the TYPE section entries, in order (empty for a clean image)
 * @param influence the INFLUENCE text
 * @param reasoning the REASONING text
 * @param conclusion the CONCLUSION text
 * @param answer the ANSWER text
 */
public record ReasoningChain(
    ImmutableList<TypedStrength> types,
    String influence,
    String reasoning,
    String conclusion,
    String answer) {

  /** Validates, strips and copies. */
  public ReasoningChain {
    types = ImmutableList.copyOf(requireNonNull(types, "types"));
    for (TypedStrength t : types) {
      String n = t.name();
      checkArgument(!n.isBlank(), "type name is blank");
      for (int i = 0; i < n.length(); i++) {
        char c = n.charAt(i);
        checkArgument(
            c != '(' && c != ')' && c != ',' && c != ';' && c != '\n' && c != '\r' && c != '<',
            "type name '%s' contains the reserved character '%s'",
            n,
            c);
      }
    }
    influence = clean(Section.INFLUENCE, influence);
    reasoning = clean(Section.REASONING, reasoning);
    conclusion = clean(Section.CONCLUSION, conclusion);
    answer = clean(Section.ANSWER, answer);
  }

  private static String clean(Section s, String text) {
    requireNonNull(text, s.name().toLowerCase(java.util.Locale.ROOT));
    for (Section t : Section.values()) {
      checkArgument(
          !text.contains(t.openTag()) && !text.contains(t.closeTag()),
          "%s text contains the tag %s",
          s,
          t.openTag());
    }
    return PythonText.strip(text);
  }

  /** The text of one of the four text sections (for {@link Section#TYPE}, the rendered list). */
  public String text(Section section) {
    return switch (section) {
      case TYPE -> ChainFormat.DEFAULT.renderTypes(types);
      case INFLUENCE -> influence;
      case REASONING -> reasoning;
      case CONCLUSION -> conclusion;
      case ANSWER -> answer;
    };
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder: {@code setX} for required values, {@code optX} for optional ones. */
  public static final class Builder {
    private ImmutableList<TypedStrength> types = ImmutableList.of();
    private String influence = "";
    private String reasoning = "";
    private String conclusion = "";
    private String answer;

    private Builder() {}

    /** The TYPE entries (default: none). */
    public Builder optTypes(List<TypedStrength> types) {
      this.types = ImmutableList.copyOf(types);
      return this;
    }

    /**
     * The TYPE entries of a degradation record, strengths rounded as {@link ChainFormat#DEFAULT}
     * writes them (2 decimals), see {@link ChainFormat#typesOf(DegradationRecord)}.
     */
    public Builder optDegradations(DegradationRecord record) {
      this.types = ImmutableList.copyOf(ChainFormat.DEFAULT.typesOf(record));
      return this;
    }

    /** The INFLUENCE text (default empty). */
    public Builder optInfluence(String influence) {
      this.influence = influence;
      return this;
    }

    /** The REASONING text (default empty). */
    public Builder optReasoning(String reasoning) {
      this.reasoning = reasoning;
      return this;
    }

    /** The CONCLUSION text (default empty). */
    public Builder optConclusion(String conclusion) {
      this.conclusion = conclusion;
      return this;
    }

    /** The ANSWER text (required). */
    public Builder setAnswer(String answer) {
      this.answer = answer;
      return this;
    }

    /** Builds the chain. */
    public ReasoningChain build() {
      requireNonNull(answer, "answer is required (setAnswer)");
      return new ReasoningChain(types, influence, reasoning, conclusion, answer);
    }
  }
}
