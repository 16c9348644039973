package org.robustr1.core.chain;

import static java.util.Objects.requireNonNull;

/**
 * Something the lenient parser noticed while reading a chain.
 *
 * @param kind what went wrong
 * @param section the section concerned, or null when the problem is not tied to one
 * @param position the character offset in the parsed text where it was noticed
 * @param message a human-readable description naming the offending value
 */
public record ChainProblem(Kind kind, Section section, int position, String message) {

  /** The kinds of problems. */
  public enum Kind {
    /** A section never opens. */
    MISSING(true),
    /** A section opens a second time; the first occurrence is used. */
    DUPLICATED(true),
    /** A section opens before one that should precede it. */
    OUT_OF_ORDER(true),
    /** A section's closing tag is missing before the next tag or the end of the text. */
    UNCLOSED(true),
    /** A closing tag without its opening tag. */
    STRAY_CLOSE_TAG(true),
    /** Non-whitespace text outside every section. */
    TEXT_OUTSIDE_SECTIONS(true),
    /** A TYPE entry whose strength is missing or not a number. */
    UNPARSABLE_STRENGTH(false),
    /** A TYPE entry whose name no {@link org.robustr1.core.degradation.DegradationType} matches. */
    UNKNOWN_TYPE(false),
    /** More problems were found than are reported. */
    TOO_MANY_PROBLEMS(true);

    private final boolean structural;

    Kind(boolean structural) {
      this.structural = structural;
    }

    /** Whether the problem concerns the tag structure (rather than the TYPE list content). */
    public boolean structural() {
      return structural;
    }
  }

  /** Validates. */
  public ChainProblem {
    requireNonNull(kind, "kind");
    requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return kind + (section == null ? "" : " " + section) + " at " + position + ": " + message;
  }
}
