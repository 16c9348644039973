package org.robustr1.core.chain;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ChainFormat#parse(String)} found in a (model-generated) text: the first occurrence of
 * each section, the TYPE entries it could read, and every {@link ChainProblem} it noticed.
 */
public final class ParsedChain {
  private final String text;
  private final String[] raw;
  private final int[] offsets;
  private final ImmutableList<TypedStrength> types;
  private final ImmutableList<ChainProblem> problems;

  ParsedChain(
      String text,
      String[] raw,
      int[] offsets,
      List<TypedStrength> types,
      List<ChainProblem> problems) {
    this.text = requireNonNull(text);
    this.raw = raw.clone();
    this.offsets = offsets.clone();
    this.types = ImmutableList.copyOf(types);
    this.problems = ImmutableList.copyOf(problems);
  }

  /** The parsed text. */
  public String text() {
    return text;
  }

  /** The stripped content of the section's first occurrence (up to the next tag if unclosed). */
  public Optional<String> section(Section section) {
    String r = raw[section.ordinal()];
    return r == null ? Optional.empty() : Optional.of(PythonText.strip(r));
  }

  /** The unstripped content of the section's first occurrence. */
  public Optional<String> rawSection(Section section) {
    return Optional.ofNullable(raw[section.ordinal()]);
  }

  /** The character offset where the section's content starts, or -1 when it is absent. */
  public int offset(Section section) {
    return offsets[section.ordinal()];
  }

  /** Whether the section occurs. */
  public boolean has(Section section) {
    return raw[section.ordinal()] != null;
  }

  /** The readable TYPE entries (unknown names included, unparsable strengths left out). */
  public ImmutableList<TypedStrength> types() {
    return types;
  }

  /** The stripped ANSWER content, if the section occurs. */
  public Optional<String> answer() {
    return section(Section.ANSWER);
  }

  /** Everything the parser noticed, in text order per pass (at most about 100). */
  public ImmutableList<ChainProblem> problems() {
    return problems;
  }

  /** Whether all five sections occur. */
  public boolean isComplete() {
    for (String r : raw) {
      if (r == null) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the tag structure is exactly right: all five sections, once each, in order, closed,
   * with only whitespace outside them (the TYPE list may still have problems).
   */
  public boolean isWellFormed() {
    for (ChainProblem p : problems) {
      if (p.kind().structural()) {
        return false;
      }
    }
    return true;
  }

  /** Whether no problem at all was found. */
  public boolean isClean() {
    return problems.isEmpty();
  }

  /**
   * The chain, when all five sections occur (whatever other problems there are); TYPE entries are
   * {@link #types()}.
   */
  public Optional<ReasoningChain> toChain() {
    if (!isComplete()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new ReasoningChain(
              types,
              raw[Section.INFLUENCE.ordinal()],
              raw[Section.REASONING.ordinal()],
              raw[Section.CONCLUSION.ordinal()],
              raw[Section.ANSWER.ordinal()]));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "ParsedChain{complete=" + isComplete() + ", types=" + types + ", problems=" + problems
        + "}";
  }
}
