package org.robustr1.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.core.degradation.AppliedDegradation;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.degradation.Family;

/**
 * JSON for {@link AppliedDegradation} and {@link DegradationRecord}, in the schema of the golden
 * degradation fixtures ({@code shared/golden/degrade-robust-r1}): {@code {"op": "motion_blur",
 * "intensity": 0.45, "params": {...}}}, with {@code "family": "imagenet_c"} added for ImageNet-C
 * corruptions (whose names overlap the official ops'). A record is an array of those. Reading
 * ignores other keys, so a whole fixture file reads as one applied degradation.
 */
public final class DegradationCodec {
  private DegradationCodec() {}

  /** The JSON of one applied degradation. */
  public static ObjectNode toJson(AppliedDegradation d) {
    ObjectNode o = Json.object();
    o.put("op", d.type().opName());
    if (d.type().family() == Family.IMAGENET_C) {
      o.put("family", "imagenet_c");
    }
    o.put("intensity", d.intensity().value());
    o.set("params", Json.MAPPER.valueToTree(d.params()));
    return o;
  }

  /** The JSON array of a record's steps. */
  public static ArrayNode toJson(DegradationRecord record) {
    ArrayNode a = Json.array();
    for (AppliedDegradation d : record.steps()) {
      a.add(toJson(d));
    }
    return a;
  }

  /**
   * Reads one applied degradation.
   *
   * @param node the object
   * @param where location for messages, e.g. {@code samples.jsonl line 3}
   * @param path field path of the object, e.g. {@code degradations[0]} (empty for a top level)
   * @throws JsonLinesException naming the location, field and value for a missing or unknown
   *     {@code op}, a missing or non-numeric intensity, an intensity outside [0, 1] or NaN, or a
   *     null parameter
   */
  public static AppliedDegradation fromJson(JsonNode node, String where, String path) {
    String p = path == null || path.isEmpty() ? "" : path + ".";
    ObjectNode o = Json.object(node, where, path == null || path.isEmpty() ? "(root)" : path);
    String op = Json.text(o, "op", where, p + "op");
    String family = Json.optText(o, "family", where, p + "family");
    DegradationType type;
    try {
      type =
          "imagenet_c".equalsIgnoreCase(family)
              ? DegradationType.imagenetC(op)
              : DegradationType.fromName(op);
    } catch (IllegalArgumentException e) {
      throw new JsonLinesException(
          where, p + "op", "field " + p + "op: unknown degradation name '" + op + "'", e);
    }
    double intensity = Json.number(o, "intensity", where, p + "intensity");
    if (!(intensity >= 0 && intensity <= 1)) {
      throw new JsonLinesException(
          where,
          p + "intensity",
          "field " + p + "intensity must be within [0, 1], got " + o.get("intensity"),
          null);
    }
    Map<String, Object> params = new LinkedHashMap<>();
    JsonNode pn = o.get("params");
    if (pn != null && !pn.isNull()) {
      ObjectNode po = Json.object(pn, where, p + "params");
      for (var e : po.properties()) {
        Object v = Json.toJava(e.getValue());
        if (v == null) {
          throw new JsonLinesException(
              where, p + "params." + e.getKey(), "field " + p + "params." + e.getKey()
                  + " is null (parameters must have values)", null);
        }
        params.put(e.getKey(), v);
      }
    }
    return AppliedDegradation.of(type, intensity, params);
  }

  /**
   * Reads a record: an array of applied degradations ({@code null} or absent reads as clean when
   * {@code node} is null).
   */
  public static DegradationRecord recordFromJson(JsonNode node, String where, String path) {
    if (node == null || node.isNull()) {
      return DegradationRecord.CLEAN;
    }
    if (!node.isArray()) {
      throw JsonLinesException.wrongType(where, path, "an array", node.getNodeType());
    }
    List<AppliedDegradation> steps = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      steps.add(fromJson(node.get(i), where, path + "[" + i + "]"));
    }
    return DegradationRecord.of(steps);
  }

  /** Reads one applied degradation from a JSON file, e.g. a golden fixture case. */
  public static AppliedDegradation read(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String where = file.getFileName().toString();
    return fromJson(Json.parse(text, where), where, "");
  }
}
