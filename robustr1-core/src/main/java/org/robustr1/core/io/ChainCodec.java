package org.robustr1.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import org.robustr1.core.chain.ReasoningChain;
import org.robustr1.core.chain.TypedStrength;

/**
 * JSON for {@link ReasoningChain}: {@code {"types": [{"name": "motion blur", "strength": 0.45}],
 * "influence": …, "reasoning": …, "conclusion": …, "answer": …}}.
 */
public final class ChainCodec {
  private ChainCodec() {}

  /** The JSON of a chain. */
  public static ObjectNode toJson(ReasoningChain chain) {
    ObjectNode o = Json.object();
    ArrayNode types = o.putArray("types");
    for (TypedStrength t : chain.types()) {
      ObjectNode e = types.addObject();
      e.put("name", t.name());
      e.put("strength", t.strength());
    }
    o.put("influence", chain.influence());
    o.put("reasoning", chain.reasoning());
    o.put("conclusion", chain.conclusion());
    o.put("answer", chain.answer());
    return o;
  }

  /**
   * Reads a chain.
   *
   * @throws JsonLinesException naming the location and field for a missing or invalid field
   */
  public static ReasoningChain fromJson(JsonNode node, String where, String path) {
    String p = path == null || path.isEmpty() ? "" : path + ".";
    ObjectNode o = Json.object(node, where, path == null || path.isEmpty() ? "(root)" : path);
    ImmutableList.Builder<TypedStrength> types = ImmutableList.builder();
    JsonNode tn = o.get("types");
    if (tn != null && !tn.isNull()) {
      if (!tn.isArray()) {
        throw JsonLinesException.wrongType(where, p + "types", "an array", tn.getNodeType());
      }
      for (int i = 0; i < tn.size(); i++) {
        String f = p + "types[" + i + "]";
        ObjectNode e = Json.object(tn.get(i), where, f);
        String name = Json.text(e, "name", where, f + ".name");
        double s = Json.number(e, "strength", where, f + ".strength");
        try {
          types.add(TypedStrength.named(name, s));
        } catch (IllegalArgumentException ex) {
          throw new JsonLinesException(where, f, "field " + f + ": " + ex.getMessage(), ex);
        }
      }
    }
    try {
      return new ReasoningChain(
          types.build(),
          Json.text(o, "influence", where, p + "influence"),
          Json.text(o, "reasoning", where, p + "reasoning"),
          Json.text(o, "conclusion", where, p + "conclusion"),
          Json.text(o, "answer", where, p + "answer"));
    } catch (JsonLinesException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new JsonLinesException(where, path, "field " + path + ": " + e.getMessage(), e);
    }
  }
}
