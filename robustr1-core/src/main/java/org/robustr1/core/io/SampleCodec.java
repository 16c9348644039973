package org.robustr1.core.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * JSON for {@link RobustSample}: {@code {"id": …, "images": […], "question": …, "choices": […],
 * "answer": …, "chain": {ChainCodec}, "degradations": [DegradationCodec…]}}; {@code id}, {@code
 * chain} and {@code degradations} are omitted when absent.
 */
public final class SampleCodec {
  private SampleCodec() {}

  /** The JSON object of a sample. */
  public static ObjectNode toJson(RobustSample s) {
    ObjectNode o = Json.object();
    s.id().ifPresent(id -> o.put("id", id));
    ArrayNode images = o.putArray("images");
    s.images().forEach(images::add);
    o.put("question", s.question());
    ArrayNode choices = o.putArray("choices");
    s.choices().forEach(choices::add);
    o.put("answer", s.answer());
    s.chain().ifPresent(c -> o.set("chain", ChainCodec.toJson(c)));
    s.record().ifPresent(r -> o.set("degradations", DegradationCodec.toJson(r)));
    return o;
  }

  /** One compact JSON line. */
  public static String toLine(RobustSample s) {
    try {
      return Json.MAPPER.writeValueAsString(toJson(s));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a sample object.
   *
   * @throws JsonLinesException naming {@code where} and the field
   */
  public static RobustSample fromJson(JsonNode node, String where) {
    ObjectNode o = Json.root(node, where);
    RobustSample.Builder b = RobustSample.builder();
    JsonNode id = o.get("id");
    if (id != null && !id.isNull()) {
      b.optId(id.asText());
    }
    b.optImages(Json.textList(o, "images", where, "images", false));
    b.setQuestion(Json.text(o, "question", where, "question"));
    b.optChoices(Json.textList(o, "choices", where, "choices", false));
    String answer = Json.optText(o, "answer", where, "answer");
    JsonNode chain = o.get("chain");
    if (chain != null && !chain.isNull()) {
      b.optChain(ChainCodec.fromJson(chain, where, "chain"));
    } else if (answer == null) {
      throw JsonLinesException.missing(where, "answer");
    }
    if (answer != null) {
      b.setAnswer(answer);
    }
    JsonNode deg = o.get("degradations");
    if (deg != null && !deg.isNull()) {
      b.optRecord(DegradationCodec.recordFromJson(deg, where, "degradations"));
    }
    try {
      return b.build();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new JsonLinesException(where, null, e.getMessage(), e);
    }
  }

  /** Parses one line. */
  public static RobustSample parse(String line, String where) {
    return fromJson(Json.parse(line, where), where);
  }
}
