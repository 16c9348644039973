package org.robustr1.degrade.dataset;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.robustr1.core.io.AokvqaRecord;

/**
 * Reads an A-OKVQA annotation file ({@code aokvqa_v1p0_{split}.json}: a JSON array of question
 * objects) into {@link AokvqaRecord}s, for building training data: every row must carry {@code
 * split}, {@code image_id}, {@code question_id}, {@code question}, four {@code choices}, {@code
 * correct_choice_idx} and at least one rationale; {@code direct_answers} and {@code
 * difficult_direct_answer} are optional. Unknown keys are ignored. Errors name the file, the row
 * index and the field.
 */
public final class AokvqaReader {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AokvqaReader() {}

  /**
   * Reads all rows, in file order.
   *
   * @throws IOException if the file cannot be read, is not a JSON array, a row lacks a field, or
   *     two rows share a {@code question_id}
   */
  public static ImmutableList<AokvqaRecord> read(Path file) throws IOException {
    requireNonNull(file, "file");
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new IOException(file + ": expected a JSON array of A-OKVQA questions");
    }
    ImmutableList.Builder<AokvqaRecord> out = ImmutableList.builder();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < root.size(); i++) {
      AokvqaRecord r = parse(root.get(i), file + " row " + i);
      if (!ids.add(r.questionId())) {
        throw new IOException(file + " row " + i + ": duplicate question_id '" + r.questionId() + "'");
      }
      out.add(r);
    }
    return out.build();
  }

  /** Parses one row; {@code where} names it in errors. */
  static AokvqaRecord parse(JsonNode n, String where) throws IOException {
    if (n == null || !n.isObject()) {
      throw new IOException(where + ": expected a JSON object");
    }
    String split = text(n, "split", where);
    JsonNode imageId = n.get("image_id");
    if (imageId == null || !imageId.canConvertToLong() || !imageId.isIntegralNumber() || imageId.asLong() < 0) {
      throw new IOException(where + ": field image_id must be a non-negative integer");
    }
    String questionId = text(n, "question_id", where);
    if (!questionId.matches("[A-Za-z0-9_-]{1,128}")) {
      throw new IOException(
          where + ": field question_id '" + questionId + "' must be 1-128 letters, digits, '_' or '-'");
    }
    String question = text(n, "question", where);
    List<String> choices = texts(n, "choices", where, true);
    if (choices.size() != 4) {
      throw new IOException(where + ": field choices must hold 4 strings, got " + choices.size());
    }
    JsonNode idx = n.get("correct_choice_idx");
    if (idx == null || !idx.isIntegralNumber() || idx.asInt() < 0 || idx.asInt() >= choices.size()) {
      throw new IOException(
          where + ": field correct_choice_idx must be an integer in [0, 3] (the test split has no answers)");
    }
    List<String> rationales = texts(n, "rationales", where, true);
    if (rationales.isEmpty()) {
      throw new IOException(where + ": field rationales is empty");
    }
    List<String> direct = n.has("direct_answers") ? texts(n, "direct_answers", where, false) : List.of();
    JsonNode difficult = n.get("difficult_direct_answer");
    boolean diff = difficult != null && difficult.asBoolean(false);
    try {
      return new AokvqaRecord(
          split, imageId.asLong(), questionId, question, choices, idx.asInt(), direct, diff, rationales);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IOException(where + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String field, String where) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IOException(where + ": missing field " + field);
    }
    if (!v.isTextual()) {
      throw new IOException(where + ": field " + field + " must be a string, got " + v.getNodeType());
    }
    return v.textValue();
  }

  private static List<String> texts(JsonNode n, String field, String where, boolean required)
      throws IOException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IOException(where + ": missing field " + field);
      }
      return List.of();
    }
    if (!v.isArray()) {
      throw new IOException(where + ": field " + field + " must be an array of strings");
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual()) {
        throw new IOException(where + ": field " + field + "[" + i + "] must be a string");
      }
      out.add(v.get(i).textValue());
    }
    return out;
  }
}
