package org.robustr1.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shared mapper and small typed accessors with located error messages. */
final class Json {
  static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  static JsonNode parse(String text, String where) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new JsonLinesException(where, null, "invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  static ObjectNode object(JsonNode node, String where, String field) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      throw JsonLinesException.missing(where, field);
    }
    if (!node.isObject()) {
      throw JsonLinesException.wrongType(where, field, "an object", node.getNodeType());
    }
    return (ObjectNode) node;
  }

  static ObjectNode root(JsonNode node, String where) {
    if (node == null || !node.isObject()) {
      throw new JsonLinesException(
          where, null, "a line must be a JSON object, got " + (node == null ? "nothing"
              : node.getNodeType()), null);
    }
    return (ObjectNode) node;
  }

  static String text(JsonNode parent, String name, String where, String path) {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      throw JsonLinesException.missing(where, path);
    }
    if (!v.isTextual()) {
      throw JsonLinesException.wrongType(where, path, "a string", v.getNodeType());
    }
    return v.textValue();
  }

  static String optText(JsonNode parent, String name, String where, String path) {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw JsonLinesException.wrongType(where, path, "a string", v.getNodeType());
    }
    return v.textValue();
  }

  static double number(JsonNode parent, String name, String where, String path) {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      throw JsonLinesException.missing(where, path);
    }
    if (!v.isNumber()) {
      throw JsonLinesException.wrongType(where, path, "a number", v.getNodeType() + " " + v);
    }
    return v.doubleValue();
  }

  static List<String> textList(JsonNode parent, String name, String where, String path,
      boolean required) {
    JsonNode v = parent.get(name);
    if (v == null || v.isNull()) {
      if (required) {
        throw JsonLinesException.missing(where, path);
      }
      return List.of();
    }
    if (!v.isArray()) {
      throw JsonLinesException.wrongType(where, path, "an array of strings", v.getNodeType());
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual()) {
        throw JsonLinesException.wrongType(where, path + "[" + i + "]", "a string",
            e.getNodeType());
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** A JSON value as plain Java: Map (ordered), List, String, Boolean, Integer/Long/BigInteger, Double. */
  static Object toJava(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        m.put(e.getKey(), toJava(e.getValue()));
      }
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>(n.size());
      for (JsonNode e : n) {
        l.add(toJava(e));
      }
      return l;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isInt()) {
      return n.intValue();
    }
    if (n.isLong()) {
      return n.longValue();
    }
    if (n.isBigInteger()) {
      return n.bigIntegerValue();
    }
    return n.doubleValue();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }
}
