package org.robustr1.core.chain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.robustr1.core.chain.ChainProblem.Kind;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationRecord;

/**
 * Renders {@link ReasoningChain}s in the dataset's text form and parses model output leniently.
 *
 * <p>The {@link #DEFAULT} format is the one of the official {@code train.jsonl} example (research
 * notes §2.1): sections joined by a single {@code "\n"}, no padding inside tags, TYPE entries
 * {@code name(strength)} joined by {@code ", "}, strengths with two decimals:
 *
 * <pre>{@code
 * <TYPE>motion blur(0.45), jpeg compression(0.23)<TYPE_END>
 * <INFLUENCE>…<INFLUENCE_END>
 * <REASONING>…<REASONING_END>
 * <CONCLUSION>…<CONCLUSION_END>
 * <ANSWER>3<ANSWER_END>
 * }</pre>
 *
 * <p>{@link #parse(String)} never throws, runs in linear time and reports what it found as a
 * {@link ParsedChain}. Instances are immutable and thread-safe.
 */
public final class ChainFormat {

  /** Names longer than this are never looked up (and reported as unknown). */
  public static final int MAX_NAME_LENGTH = 100;

  /** The dataset format: {@code "\n"} between sections, {@code ", "} between types, 2 decimals. */
  public static final ChainFormat DEFAULT = builder().build();

  private static final int MAX_PROBLEMS = 100;
  private static final Section[] SECTIONS = Section.values();

  private final String sectionSeparator;
  private final String typeSeparator;
  private final int decimals;

  private ChainFormat(Builder b) {
    this.sectionSeparator = b.sectionSeparator;
    this.typeSeparator = b.typeSeparator;
    this.decimals = b.decimals;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChainFormat f
        && sectionSeparator.equals(f.sectionSeparator)
        && typeSeparator.equals(f.typeSeparator)
        && decimals == f.decimals;
  }

  @Override
  public int hashCode() {
    return Objects.hash(sectionSeparator, typeSeparator, decimals);
  }

  /** The settings, e.g. {@code ChainFormat{sectionSeparator="\n", typeSeparator=", ", decimals=2}}. */
  @Override
  public String toString() {
    return "ChainFormat{sectionSeparator=\"" + escape(sectionSeparator) + "\", typeSeparator=\""
        + escape(typeSeparator) + "\", decimals=" + (decimals < 0 ? "shortest" : decimals) + "}";
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\"", "\\\"");
  }

  /** A builder starting from {@link #DEFAULT}'s settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The separator between sections. */
  public String sectionSeparator() {
    return sectionSeparator;
  }

  /** The separator between TYPE entries. */
  public String typeSeparator() {
    return typeSeparator;
  }

  /** Decimals written for strengths, or -1 for the shortest exact representation. */
  public int decimals() {
    return decimals;
  }

  // ------------------------------------------------------------------------------------ rendering

  /** The chain as text, e.g. {@code <TYPE>motion blur(0.45)<TYPE_END>\n<INFLUENCE>…}. */
  public String render(ReasoningChain chain) {
    StringBuilder sb =
        new StringBuilder(
            96
                + chain.influence().length()
                + chain.reasoning().length()
                + chain.conclusion().length()
                + chain.answer().length()
                + 24 * chain.types().size());
    for (Section s : SECTIONS) {
      if (s != Section.TYPE) {
        sb.append(sectionSeparator);
      }
      sb.append(s.openTag());
      if (s == Section.TYPE) {
        appendTypes(sb, chain.types());
      } else {
        sb.append(chain.text(s));
      }
      sb.append(s.closeTag());
    }
    return sb.toString();
  }

  /** The TYPE section content, e.g. {@code motion blur(0.45), jpeg compression(0.23)}. */
  public String renderTypes(List<TypedStrength> types) {
    StringBuilder sb = new StringBuilder(24 * types.size());
    appendTypes(sb, types);
    return sb.toString();
  }

  private void appendTypes(StringBuilder sb, List<TypedStrength> types) {
    for (int i = 0; i < types.size(); i++) {
      if (i > 0) {
        sb.append(typeSeparator);
      }
      TypedStrength t = types.get(i);
      sb.append(t.name()).append('(').append(formatStrength(t.strength())).append(')');
    }
  }

  /**
   * A strength as written in a chain: with {@link #decimals()} decimals, rounded half-even on the
   * exact binary value as Python's {@code f"{x:.2f}"} does ({@code 0.45 -> "0.45"}, {@code 0.9 ->
   * "0.90"}), or the shortest exact decimal when decimals is -1.
   */
  public String formatStrength(double strength) {
    checkArgument(Double.isFinite(strength), "strength must be finite, got %s", strength);
    if (decimals < 0) {
      return new BigDecimal(Double.toString(strength)).stripTrailingZeros().toPlainString();
    }
    return new BigDecimal(strength).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** The strength as it reads back after {@link #formatStrength(double)}. */
  public double roundStrength(double strength) {
    return Double.parseDouble(formatStrength(strength));
  }

  /**
   * The TYPE entries of a degradation record: one per step, named by {@link
   * org.robustr1.core.degradation.DegradationType#chainName()}, strength = intensity rounded as this
   * format writes it, so that the chain equals its own parse.
   */
  public List<TypedStrength> typesOf(DegradationRecord record) {
    List<TypedStrength> out = new ArrayList<>(record.steps().size());
    for (AppliedDegradation d : record.steps()) {
      out.add(TypedStrength.of(d.type(), roundStrength(d.intensity().value())));
    }
    return out;
  }

  /**
   * A chain whose TYPE section describes {@code record} ({@link #typesOf}); the dataset builder's
   * entry point.
   */
  public ReasoningChain chainOf(
      DegradationRecord record,
      String influence,
      String reasoning,
      String conclusion,
      String answer) {
    return new ReasoningChain(
        com.google.common.collect.ImmutableList.copyOf(typesOf(record)),
        influence,
        reasoning,
        conclusion,
        answer);
  }

  // -------------------------------------------------------------------------------------- parsing

  /**
   * Reads whatever chain structure {@code text} has. Never throws (null reads as the empty
   * string); linear in the length of the text.
   *
   * <p>Rules: a section's content runs from its opening tag to the next tag of any kind; if that
   * tag is not its own closing tag the section is {@link Kind#UNCLOSED}. The first occurrence of
   * a section wins ({@link Kind#DUPLICATED} for later ones, as the official first-match
   * extraction does). Tags are matched exactly (upper case, no spaces). TYPE entries are read
   * tolerantly: separators {@code , ; newline}, an optional space before {@code (}, {@code name:
   * 0.45}, percentages, decimal commas; names resolve through {@link
   * org.robustr1.core.degradation.DegradationType#lookup(String)} (case, spaces, hyphens,
   * underscores).
   */
  public ParsedChain parse(String text) {
    String t = text == null ? "" : text;
    try {
      return doParse(t);
    } catch (RuntimeException | StackOverflowError e) {
      // Defensive: the parser is written not to throw; if it ever does, report instead.
      List<ChainProblem> p = new ArrayList<>(1);
      p.add(new ChainProblem(Kind.TOO_MANY_PROBLEMS, null, 0, "internal parser error: " + e));
      return new ParsedChain(t, new String[5], new int[] {-1, -1, -1, -1, -1}, List.of(), p);
    }
  }

  private ParsedChain doParse(String text) {
    int n = text.length();
    List<ChainProblem> problems = new ArrayList<>(4);
    String[] raw = new String[5];
    int[] offsets = {-1, -1, -1, -1, -1};
    int cur = -1;
    int curStart = 0;
    boolean curIgnored = false;
    int outsideFrom = 0;
    int maxOrdinal = -1;
    int pos = 0;
    while (pos < n) {
      int lt = text.indexOf('<', pos);
      if (lt < 0) {
        break;
      }
      int tag = matchTag(text, lt);
      if (tag < 0) {
        pos = lt + 1;
        continue;
      }
      int sec = tag >> 1;
      boolean close = (tag & 1) == 1;
      int tagEnd = lt + (close ? SECTIONS[sec].closeTag().length() : SECTIONS[sec].openTag().length());
      if (cur >= 0) {
        if (!curIgnored) {
          raw[cur] = text.substring(curStart, lt);
        }
        if (close && sec == cur) {
          cur = -1;
          outsideFrom = tagEnd;
          pos = tagEnd;
          continue;
        }
        if (!curIgnored) {
          add(problems, Kind.UNCLOSED, SECTIONS[cur], lt,
              SECTIONS[cur].openTag() + " is not closed before " + tagText(sec, close));
        }
        cur = -1;
        outsideFrom = lt;
      }
      if (!PythonText.isBlank(text, outsideFrom, lt)) {
        add(problems, Kind.TEXT_OUTSIDE_SECTIONS, null, outsideFrom,
            "text outside the sections: '" + snippet(text, outsideFrom, lt) + "'");
      }
      if (close) {
        add(problems, Kind.STRAY_CLOSE_TAG, SECTIONS[sec], lt,
            SECTIONS[sec].closeTag() + " without an open " + SECTIONS[sec].openTag());
        outsideFrom = tagEnd;
      } else {
        cur = sec;
        curStart = tagEnd;
        if (offsets[sec] >= 0) {
          curIgnored = true;
          add(problems, Kind.DUPLICATED, SECTIONS[sec], lt,
              SECTIONS[sec].openTag() + " occurs again; the first occurrence is used");
        } else {
          curIgnored = false;
          offsets[sec] = tagEnd;
          if (sec < maxOrdinal) {
            add(problems, Kind.OUT_OF_ORDER, SECTIONS[sec], lt,
                SECTIONS[sec].openTag() + " comes after " + SECTIONS[maxOrdinal].openTag());
          }
          maxOrdinal = Math.max(maxOrdinal, sec);
        }
      }
      pos = tagEnd;
    }
    if (cur >= 0) {
      if (!curIgnored) {
        raw[cur] = text.substring(curStart, n);
        add(problems, Kind.UNCLOSED, SECTIONS[cur], n,
            SECTIONS[cur].openTag() + " is not closed before the end of the text");
      }
    } else if (!PythonText.isBlank(text, outsideFrom, n)) {
      add(problems, Kind.TEXT_OUTSIDE_SECTIONS, null, outsideFrom,
          "text outside the sections: '" + snippet(text, outsideFrom, n) + "'");
    }
    for (Section s : SECTIONS) {
      if (offsets[s.ordinal()] < 0) {
        add(problems, Kind.MISSING, s, n, s.openTag() + " is missing");
      }
    }
    List<TypedStrength> types =
        raw[0] == null ? List.of() : parseTypes(raw[0], offsets[0], problems);
    return new ParsedChain(text, raw, offsets, types, problems);
  }

  /** (section ordinal << 1) | isClose, or -1 when no tag starts at {@code lt}. */
  private static int matchTag(String text, int lt) {
    if (lt + 1 >= text.length()) {
      return -1;
    }
    int sec;
    switch (text.charAt(lt + 1)) {
      case 'T' -> sec = 0;
      case 'I' -> sec = 1;
      case 'R' -> sec = 2;
      case 'C' -> sec = 3;
      case 'A' -> sec = 4;
      default -> {
        return -1;
      }
    }
    if (text.startsWith(SECTIONS[sec].openTag(), lt)) {
      return sec << 1;
    }
    if (text.startsWith(SECTIONS[sec].closeTag(), lt)) {
      return (sec << 1) | 1;
    }
    return -1;
  }

  private static String tagText(int sec, boolean close) {
    return close ? SECTIONS[sec].closeTag() : SECTIONS[sec].openTag();
  }

  private static void add(List<ChainProblem> out, Kind kind, Section s, int pos, String msg) {
    if (out.size() < MAX_PROBLEMS) {
      out.add(new ChainProblem(kind, s, pos, msg));
    } else if (out.size() == MAX_PROBLEMS) {
      out.add(new ChainProblem(Kind.TOO_MANY_PROBLEMS, null, pos,
          "more than " + MAX_PROBLEMS + " problems; the rest are not reported"));
    }
  }

  private static String snippet(CharSequence s, int from, int to) {
    int end = Math.min(to, from + 40);
    String r = s.subSequence(from, end).toString().replace('\n', ' ');
    return end < to ? r + "…" : r;
  }

  private static List<TypedStrength> parseTypes(String content, int base, List<ChainProblem> problems) {
    List<TypedStrength> out = new ArrayList<>(4);
    String stripped = PythonText.strip(content);
    if (stripped.isEmpty() || isNoneWord(stripped)) {
      return out;
    }
    int n = content.length();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < n; i++) {
      char c = content.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (depth > 0) {
          depth--;
          if (depth == 0) {
            item(content, start, i + 1, base, out, problems);
            start = i + 1;
          }
        }
      } else if (depth == 0 && (c == ',' || c == ';' || c == '\n' || c == '\r')) {
        item(content, start, i, base, out, problems);
        start = i + 1;
      }
    }
    item(content, start, n, base, out, problems);
    return out;
  }

  private static boolean isNoneWord(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    if (l.endsWith(".")) {
      l = l.substring(0, l.length() - 1);
    }
    return l.equals("none") || l.equals("no degradation") || l.equals("clean") || l.equals("n/a");
  }

  private static void item(
      String content, int from, int to, int base, List<TypedStrength> out, List<ChainProblem> problems) {
    String s = PythonText.strip(content.subSequence(from, to));
    s = stripLeadingJoiner(s);
    while (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.isEmpty()) {
      return;
    }
    int at = base < 0 ? from : base + from;
    String name;
    String number;
    int lp = s.indexOf('(');
    if (lp >= 0) {
      name = s.substring(0, lp);
      int rp = s.lastIndexOf(')');
      number = rp > lp ? s.substring(lp + 1, rp) : s.substring(lp + 1);
    } else {
      int k = s.length();
      while (k > 0 && isNumberChar(s.charAt(k - 1))) {
        k--;
      }
      if (k < s.length() && k > 0 && (s.charAt(k - 1) == ':' || s.charAt(k - 1) == '='
          || PythonText.isSpace(s.charAt(k - 1)))) {
        name = s.substring(0, k - 1);
        number = s.substring(k);
      } else {
        name = s;
        number = null;
      }
    }
    name = collapseSpaces(PythonText.strip(name));
    while (name.endsWith(":") || name.endsWith("=")) {
      name = PythonText.strip(name.substring(0, name.length() - 1));
    }
    if (number == null) {
      add(problems, Kind.UNPARSABLE_STRENGTH, Section.TYPE, at,
          "no strength for '" + abbreviate(name) + "'");
      return;
    }
    double strength = lenientNumber(number);
    if (Double.isNaN(strength)) {
      add(problems, Kind.UNPARSABLE_STRENGTH, Section.TYPE, at,
          "strength '" + abbreviate(number) + "' of '" + abbreviate(name) + "' is not a number");
      return;
    }
    if (name.isEmpty()) {
      add(problems, Kind.UNKNOWN_TYPE, Section.TYPE, at, "strength " + number + " has no name");
      return;
    }
    TypedStrength ts = TypedStrength.named(name, strength);
    if (!ts.isKnown()) {
      add(problems, Kind.UNKNOWN_TYPE, Section.TYPE, at,
          "unknown degradation name '" + abbreviate(name) + "'");
    }
    out.add(ts);
  }

  private static String stripLeadingJoiner(String s) {
    String l = s.toLowerCase(Locale.ROOT);
    for (String j : new String[] {"and ", "& ", "+ ", "- ", "* ", "• "}) {
      if (l.startsWith(j)) {
        return PythonText.strip(s.substring(j.length()));
      }
    }
    return s;
  }

  private static boolean isNumberChar(char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '%';
  }

  private static String collapseSpaces(String s) {
    StringBuilder sb = null;
    boolean space = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean sp = PythonText.isSpace(c);
      if (sp && (space || c != ' ') && sb == null) {
        sb = new StringBuilder(s.length()).append(s, 0, i);
        if (!space) {
          sb.append(' ');
        }
      } else if (sb != null) {
        if (!sp) {
          sb.append(c);
        } else if (!space) {
          sb.append(' ');
        }
      }
      space = sp;
    }
    return sb == null ? s : sb.toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "…";
  }

  /**
   * A lenient strength: ASCII digits with at most one decimal point or comma, optionally followed
   * by {@code %} (divided by 100); NaN otherwise.
   */
  static double lenientNumber(String text) {
    String s = PythonText.strip(text);
    boolean percent = s.endsWith("%");
    if (percent) {
      s = PythonText.strip(s.substring(0, s.length() - 1));
    }
    if (s.isEmpty() || s.length() > 32) {
      return Double.NaN;
    }
    int seps = 0;
    int digits = 0;
    char[] cs = s.toCharArray();
    for (int i = 0; i < cs.length; i++) {
      char c = cs[i];
      if (c >= '0' && c <= '9') {
        digits++;
      } else if (c == '.' || c == ',') {
        seps++;
        cs[i] = '.';
      } else {
        return Double.NaN;
      }
    }
    if (digits == 0 || seps > 1) {
      return Double.NaN;
    }
    double v = Double.parseDouble(new String(cs));
    return percent ? v / 100.0 : v;
  }

  /** Builder for a {@link ChainFormat}. */
  public static final class Builder {
    private String sectionSeparator = "\n";
    private String typeSeparator = ", ";
    private int decimals = 2;

    private Builder() {}

    /** Separator between sections (whitespace only, so the official format reward accepts it). */
    public Builder optSectionSeparator(String sep) {
      requireNonNull(sep, "sep");
      checkArgument(PythonText.isBlank(sep, 0, sep.length()),
          "section separator must be whitespace, got '%s'", sep);
      this.sectionSeparator = sep;
      return this;
    }

    /** Separator between TYPE entries (must contain a comma or semicolon to parse back). */
    public Builder optTypeSeparator(String sep) {
      requireNonNull(sep, "sep");
      checkArgument(sep.indexOf(',') >= 0 || sep.indexOf(';') >= 0,
          "type separator must contain ',' or ';', got '%s'", sep);
      this.typeSeparator = sep;
      return this;
    }

    /** Decimals written for strengths (0..17; default 2). */
    public Builder optDecimals(int decimals) {
      checkArgument(decimals >= 0 && decimals <= 17, "decimals must be in [0, 17], got %s", decimals);
      this.decimals = decimals;
      return this;
    }

    /** Write strengths in their shortest exact form ({@code 0.4537}, {@code 1}). */
    public Builder optShortestStrengths() {
      this.decimals = -1;
      return this;
    }

    /** Builds the format. */
    public ChainFormat build() {
      return new ChainFormat(this);
    }
  }
}
