package org.robustr1.core.io;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.robustr1.core.chain.OfficialParsing;

/**
 * One row of the official {@code train.jsonl} (Hugging Face {@code Jiaqi-hkust/Robust-R1}) as
 * {@code grpo_jsonl.py} reads it:
 *
 * <pre>{@code
 * {"image": "000123.jpg",
 *  "conversations": [
 *    {"from": "human", "value": "<image>What type of vehicles are the people riding?\n0. trucks\n…"},
 *    {"from": "gpt",   "value": "<TYPE>motion blur(0.45)<TYPE_END>\n<INFLUENCE>…<ANSWER>3<ANSWER_END>"}]}
 * }</pre>
 *
 * <p>{@code image} is a path string or a list of them (absent for a text-only row); {@code
 * conversations[0].value} is the user turn, {@code conversations[1].value} the assistant's
 * ground-truth chain. All other keys are kept: a row read from a line and written back unchanged
 * gives the identical line; a new or modified row is written as Python's {@code json.dumps}
 * would. Immutable.
 */
public final class TrainRow {
  private final ObjectNode json;
  private final String originalLine;
  private final ImmutableList<String> images;
  private final boolean imageList;
  private final String userTurn;
  private final String assistantTurn;

  private TrainRow(ObjectNode json, String originalLine, String where) {
    this.json = json;
    this.originalLine = originalLine;
    JsonNode img = json.get("image");
    if (img == null || img.isNull()) {
      images = ImmutableList.of();
      imageList = false;
    } else if (img.isTextual()) {
      images = ImmutableList.of(img.textValue());
      imageList = false;
    } else if (img.isArray()) {
      images = ImmutableList.copyOf(Json.textList(json, "image", where, "image", true));
      imageList = true;
    } else {
      throw JsonLinesException.wrongType(
          where, "image", "a string or an array of strings", img.getNodeType());
    }
    JsonNode conv = json.get("conversations");
    if (conv == null || conv.isNull()) {
      throw JsonLinesException.missing(where, "conversations");
    }
    if (!conv.isArray()) {
      throw JsonLinesException.wrongType(where, "conversations", "an array", conv.getNodeType());
    }
    this.userTurn = turn(conv, 0, where);
    this.assistantTurn = turn(conv, 1, where);
  }

  private static String turn(JsonNode conv, int i, String where) {
    String f = "conversations[" + i + "]";
    if (conv.size() <= i) {
      throw JsonLinesException.missing(where, f + ".value");
    }
    ObjectNode t = Json.object(conv.get(i), where, f);
    return Json.text(t, "value", where, f + ".value");
  }

  /**
   * Parses one line.
   *
   * @param line the JSON text
   * @param where the location for messages, e.g. {@code train.jsonl line 12}
   * @throws JsonLinesException naming {@code where} and the field
   */
  public static TrainRow parse(String line, String where) {
    ObjectNode o = Json.root(Json.parse(line, where), where);
    return new TrainRow(o, line, where);
  }

  /** Wraps a JSON object (copied), validating it like {@link #parse}. */
  public static TrainRow fromJson(ObjectNode json, String where) {
    return new TrainRow(requireNonNull(json, "json").deepCopy(), null, where);
  }

  /**
   * A new row with {@code "from": "human"} / {@code "gpt"} turns; {@code image} is a string for one
   * image, a list for several, absent for none.
   */
  public static TrainRow of(List<String> images, String userTurn, String assistantTurn) {
    ObjectNode o = Json.object();
    if (images.size() == 1) {
      o.put("image", images.get(0));
    } else if (images.size() > 1) {
      ArrayNode a = o.putArray("image");
      images.forEach(a::add);
    }
    ArrayNode conv = o.putArray("conversations");
    conv.addObject().put("from", "human").put("value", requireNonNull(userTurn, "userTurn"));
    conv.addObject().put("from", "gpt").put("value", requireNonNull(assistantTurn, "assistantTurn"));
    return new TrainRow(o, null, "new row");
  }

  /** The image paths (relative to the image folder), in order; empty for a text-only row. */
  public ImmutableList<String> images() {
    return images;
  }

  /** Whether {@code image} is a JSON list (multi-image form) rather than a string. */
  public boolean imageIsList() {
    return imageList;
  }

  /** {@code conversations[0].value}. */
  public String userTurn() {
    return userTurn;
  }

  /** {@code conversations[1].value}. */
  public String assistantTurn() {
    return assistantTurn;
  }

  /** The reference's {@code problem}: the user turn with every {@code <image>} removed. */
  public String problem() {
    return userTurn.replace("<image>", "");
  }

  /** The reference's ground truth: the assistant turn without {@code <answer>} tags, stripped. */
  public String groundTruth() {
    return OfficialParsing.groundTruth(assistantTurn);
  }

  /** The reward solution: {@code "<answer> " + groundTruth() + " </answer>"}. */
  public String solution() {
    return OfficialParsing.solution(groundTruth());
  }

  /** A copy of the whole JSON object, unknown keys included. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /** The line this row was parsed from, if it was parsed and not modified. */
  public Optional<String> originalLine() {
    return Optional.ofNullable(originalLine);
  }

  /** This row with another assistant turn (other keys kept). */
  public TrainRow withAssistantTurn(String assistantTurn) {
    ObjectNode o = json.deepCopy();
    ((ObjectNode) o.get("conversations").get(1)).put("value", assistantTurn);
    return new TrainRow(o, null, "modified row");
  }

  /** This row with another user turn (other keys kept). */
  public TrainRow withUserTurn(String userTurn) {
    ObjectNode o = json.deepCopy();
    ((ObjectNode) o.get("conversations").get(0)).put("value", userTurn);
    return new TrainRow(o, null, "modified row");
  }

  /**
   * The JSON line: the original line if the row was parsed and not modified, otherwise {@link
   * PythonJson#dumps Python json.dumps style}.
   */
  public String toJsonLine() {
    return originalLine != null ? originalLine : PythonJson.dumps(json);
  }

  /** Compact JSON (no spaces, UTF-8 characters unescaped). */
  public String toCompactJson() {
    try {
      return Json.MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainRow r && r.json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  @Override
  public String toString() {
    return "TrainRow" + toJsonLine();
  }
}
