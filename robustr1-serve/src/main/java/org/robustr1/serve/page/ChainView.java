package org.robustr1.serve.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ChainProblem;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.chain.Section;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.length.LengthPolicy;

/**
 * An answer parsed for the page by {@link ChainFormat#parse}: the five sections, the TYPE entries
 * with their strengths (each marked hit or miss against the applied degradation when the server
 * degraded the image, with the applied intensity beside it), the applied types the chain did not
 * name, the answer, the format problems, and the chain's length against the {@link LengthPolicy}
 * target for the applied degradation (or, for an image the server did not degrade, for the
 * strengths the chain itself names).
 */
public final class ChainView {

  private ChainView() {}

  /**
   * The view as JSON.
   *
   * @param text the model's answer
   * @param applied the degradation the server applied, or null when it applied none it knows of
   * @param completionTokens the answer's length in tokens
   */
  public static ObjectNode of(ObjectMapper mapper, String text, DegradationRecord applied, int completionTokens,
      LengthPolicy policy) {
    ParsedChain chain = ChainFormat.DEFAULT.parse(text);
    ObjectNode root = mapper.createObjectNode();
    ObjectNode sections = root.putObject("sections");
    for (Section s : Section.values()) {
      sections.put(s.name(), chain.section(s).orElse(null));
    }
    Set<DegradationType> named = new HashSet<>();
    ArrayNode types = root.putArray("types");
    java.util.List<AppliedDegradation> claimed = new java.util.ArrayList<>();
    for (TypedStrength t : chain.types()) {
      ObjectNode o = types.addObject();
      o.put("name", t.name());
      o.put("known", t.isKnown());
      o.put("strength", t.strength());
      t.type().ifPresent(ty -> {
        named.add(ty);
        claimed.add(AppliedDegradation.of(ty, Math.min(1, t.strength())));
      });
      if (applied != null) {
        AppliedDegradation match = t.type().flatMap(ty -> step(applied, ty)).orElse(null);
        o.put("hit", match != null);
        if (match != null) {
          o.put("applied_intensity", match.intensity().value());
        }
      }
    }
    ArrayNode missed = root.putArray("missed");
    if (applied != null) {
      for (AppliedDegradation d : applied.steps()) {
        if (!named.contains(d.type())) {
          ObjectNode o = missed.addObject();
          o.put("name", d.type().chainName());
          o.put("intensity", d.intensity().value());
        }
      }
    }
    root.put("answer", chain.answer().orElse(null));
    ArrayNode problems = root.putArray("problems");
    for (ChainProblem p : chain.problems()) {
      ObjectNode o = problems.addObject();
      o.put("kind", p.kind().name());
      o.put("section", p.section() == null ? null : p.section().name());
      o.put("message", p.message());
    }
    root.put("well_formed", chain.isWellFormed());
    root.put("complete", chain.isComplete());
    ObjectNode length = root.putObject("length");
    length.put("tokens", completionTokens);
    DegradationRecord basis = applied != null ? applied : DegradationRecord.of(claimed);
    length.put("target", policy.targetLength(basis));
    length.put("total_intensity", basis.totalIntensity());
    length.put("basis", applied != null ? "applied degradation" : "known types the chain names");
    return root;
  }

  private static java.util.Optional<AppliedDegradation> step(DegradationRecord r, DegradationType t) {
    return r.steps().stream().filter(d -> d.type() == t).findFirst();
  }
}
