package org.robustr1.degrade.ops;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.collect.ImmutableMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts parameter records to and from the schema maps (and JSON) with Jackson. Unknown fields
 * (the golden fixtures also record derived values such as kernels and hashes) are ignored; a
 * missing primitive field or a wrongly typed value is an error naming the op and the field.
 */
public final class ParamsCodec {

  /** The shared, thread-safe mapper used for parameters, cases and manifests. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private static final TypeReference<LinkedHashMap<String, Object>> MAP_TYPE =
      new TypeReference<>() {};

  private ParamsCodec() {}

  /** The schema map of a parameter record. */
  public static ImmutableMap<String, Object> toMap(OpParams params) {
    requireNonNull(params, "params");
    Map<String, Object> m = MAPPER.convertValue(params, MAP_TYPE);
    return ImmutableMap.copyOf(m);
  }

  /**
   * Builds a parameter record from a schema map.
   *
   * @throws IllegalArgumentException naming the record type and the offending field
   */
  public static <P extends OpParams> P fromMap(Map<String, ?> map, Class<P> type) {
    requireNonNull(map, "map");
    try {
      return MAPPER.convertValue(map, type);
    } catch (IllegalArgumentException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(
          "invalid parameters for " + type.getName() + ": " + cause.getMessage(), e);
    }
  }
}
