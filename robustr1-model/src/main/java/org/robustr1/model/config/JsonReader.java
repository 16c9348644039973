package org.robustr1.model.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads fields of a JSON object with errors naming the source file and the field path. A reader
 * may have a fallback object (the top level of a nested config) consulted for missing fields.
 */
final class JsonReader {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private final String source;
  private final String prefix;
  private final JsonNode node;
  private final JsonReader fallback;

  private JsonReader(String source, String prefix, JsonNode node, JsonReader fallback) {
    this.source = source;
    this.prefix = prefix;
    this.node = node;
    this.fallback = fallback;
  }

  static JsonNode parse(String json, String source) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject()) {
        throw new ConfigException(source + ": expected a JSON object at the top level");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          source + ": malformed JSON: " + e.getOriginalMessage(), e);
    }
  }

  static JsonNode parse(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  static JsonReader of(JsonNode node, String source) {
    return new JsonReader(source, "", node, null);
  }

  String source() {
    return source;
  }

  JsonNode node() {
    return node;
  }

  /** A reader of the nested object {@code field}, or null when the field is absent or null. */
  JsonReader child(String field, JsonReader childFallback) {
    JsonNode c = node.get(field);
    if (c == null || c.isNull()) {
      return fallback == null ? null : fallback.child(field, childFallback);
    }
    if (!c.isObject()) {
      throw error(field, "must be a JSON object, got " + c.getNodeType());
    }
    return new JsonReader(source, prefix + field + ".", c, childFallback);
  }

  /** The same node viewed with a fallback. */
  JsonReader withFallback(JsonReader fb) {
    return new JsonReader(source, prefix, node, fb);
  }

  boolean has(String field) {
    JsonNode v = node.get(field);
    return (v != null && !v.isNull()) || (fallback != null && fallback.has(field));
  }

  private JsonNode raw(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v;
  }

  ConfigException error(String field, String what) {
    return new ConfigException(source + ": field " + prefix + field + " " + what);
  }

  private JsonReader owner(String field) {
    if (raw(field) != null) {
      return this;
    }
    if (fallback != null) {
      JsonReader o = fallback.owner(field);
      if (o != null) {
        return o;
      }
    }
    return null;
  }

  int reqInt(String field) {
    JsonReader o = owner(field);
    if (o == null) {
      throw error(field, "is missing");
    }
    return o.intValue(field);
  }

  int optInt(String field, int dflt) {
    JsonReader o = owner(field);
    return o == null ? dflt : o.intValue(field);
  }

  private int intValue(String field) {
    JsonNode v = raw(field);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) && Math.abs(v.asDouble()) < 1e9) {
        return (int) v.asDouble();
      }
      throw error(field, "must be an integer, got " + v);
    }
    return v.intValue();
  }

  long optLong(String field, long dflt) {
    JsonReader o = owner(field);
    if (o == null) {
      return dflt;
    }
    JsonNode v = o.raw(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw o.error(field, "must be an integer, got " + v);
    }
    return v.longValue();
  }

  double reqDouble(String field) {
    JsonReader o = owner(field);
    if (o == null) {
      throw error(field, "is missing");
    }
    return o.doubleValue(field);
  }

  double optDouble(String field, double dflt) {
    JsonReader o = owner(field);
    return o == null ? dflt : o.doubleValue(field);
  }

  private double doubleValue(String field) {
    JsonNode v = raw(field);
    if (!v.isNumber()) {
      throw error(field, "must be a number, got " + v);
    }
    return v.doubleValue();
  }

  boolean optBool(String field, boolean dflt) {
    JsonReader o = owner(field);
    if (o == null) {
      return dflt;
    }
    JsonNode v = o.raw(field);
    if (!v.isBoolean()) {
      throw o.error(field, "must be true or false, got " + v);
    }
    return v.booleanValue();
  }

  String optString(String field, String dflt) {
    JsonReader o = owner(field);
    if (o == null) {
      return dflt;
    }
    JsonNode v = o.raw(field);
    if (!v.isTextual()) {
      throw o.error(field, "must be a string, got " + v);
    }
    return v.textValue();
  }

  /** An int list; a single integer is accepted as a one-element list. Null when absent. */
  ImmutableList<Integer> optIntList(String field) {
    JsonReader o = owner(field);
    if (o == null) {
      return null;
    }
    JsonNode v = o.raw(field);
    if (v.isIntegralNumber()) {
      return ImmutableList.of(o.intValue(field));
    }
    if (!v.isArray()) {
      throw o.error(field, "must be an integer or a list of integers, got " + v);
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isIntegralNumber() || !e.canConvertToInt()) {
        throw o.error(field + "[" + i + "]", "must be an integer, got " + e);
      }
      out.add(e.intValue());
    }
    return ImmutableList.copyOf(out);
  }

  /** A number list, or null when absent. */
  ImmutableList<Double> optDoubleList(String field) {
    JsonReader o = owner(field);
    if (o == null) {
      return null;
    }
    JsonNode v = o.raw(field);
    if (v.isNumber()) {
      return ImmutableList.of(v.doubleValue());
    }
    if (!v.isArray()) {
      throw o.error(field, "must be a list of numbers, got " + v);
    }
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isNumber()) {
        throw o.error(field + "[" + i + "]", "must be a number, got " + e);
      }
      out.add(e.doubleValue());
    }
    return ImmutableList.copyOf(out);
  }

  void check(boolean ok, String field, String what) {
    if (!ok) {
      throw error(field, what);
    }
  }

  /** {@code node} as indented JSON ending with a newline, as the config writers store it. */
  static String pretty(JsonNode node) {
    try {
      return MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code json} to {@code dir/fileName} (the folder is created) and returns the file. */
  static Path write(Path dir, String fileName, String json) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(fileName);
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }
}
