package org.robustr1.core.chain;

/** The five sections of a Robust-R1 reasoning chain, in their required order. */
public enum Section {
  /** Degradation types and strengths, e.g. {@code motion blur(0.45), jpeg compression(0.23)}. */
  TYPE,
  /** What the degradations do to the image. */
  INFLUENCE,
  /** The (pristine) semantic reasoning, whose length scales with the degradation strength. */
  REASONING,
  /** A summary of the reasoning. */
  CONCLUSION,
  /** The final answer, compared verbatim by the official accuracy reward. */
  ANSWER;

  private final String open = "<" + name() + ">";
  private final String close = "<" + name() + "_END>";

  /** The opening tag, e.g. {@code <TYPE>}. */
  public String openTag() {
    return open;
  }

  /** The closing tag, e.g. {@code <TYPE_END>} (there are no {@code </X>} tags). */
  public String closeTag() {
    return close;
  }
}
