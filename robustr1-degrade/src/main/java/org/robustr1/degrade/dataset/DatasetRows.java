package org.robustr1.degrade.dataset;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ReasoningChain;
import org.robustr1.core.chain.Section;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.io.AokvqaRecord;
import org.robustr1.core.io.TrainRow;

/**
 * How an A-OKVQA question becomes a {@code train.jsonl} row.
 *
 * <ul>
 *   <li>TYPE: the applied degradations, {@code name(strength)} with 2 decimals ({@link
 *       ChainFormat#typesOf}); empty for a clean image.
 *   <li>INFLUENCE: from an {@link InfluenceAnnotator}.
 *   <li>REASONING: the A-OKVQA rationales, stripped, each ended with a full stop if it has no final
 *       punctuation, joined by single spaces.
 *   <li>CONCLUSION: {@code "So the answer is {correct choice text}."}
 *   <li>ANSWER: the correct choice in the chosen {@link AnswerStyle}.
 * </ul>
 *
 * <p>The row is {@code {"id": question_id, "image": name, "conversations": [{"from": "human",
 * "value": user}, {"from": "gpt", "value": assistant}]}}, written in Python {@code json.dumps}
 * style by {@link TrainRow#toJsonLine()}.
 */
public final class DatasetRows {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DatasetRows() {}

  /** The REASONING text of a question. */
  public static String reasoning(AokvqaRecord record) {
    return reasoning(record, Integer.MAX_VALUE);
  }

  /** The REASONING text of a question from its first {@code sentences} non-empty rationales. */
  public static String reasoning(AokvqaRecord record, int sentences) {
    StringBuilder sb = new StringBuilder(256);
    int kept = 0;
    for (String r : record.rationales()) {
      if (kept >= sentences) {
        break;
      }
      String s = stripTags(r).strip();
      if (s.isEmpty()) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(s);
      kept++;
      char last = s.charAt(s.length() - 1);
      if (last != '.' && last != '!' && last != '?') {
        sb.append('.');
      }
    }
    return sb.toString();
  }

  /** How a CONCLUSION (and pretraining's explanations) states the answer: "So the answer is X." */
  public static final String SO_THE_ANSWER_IS = "So the answer is ";

  /** The CONCLUSION text of a question. */
  public static String conclusion(AokvqaRecord record) {
    return SO_THE_ANSWER_IS + stripTags(record.answer()).strip() + ".";
  }

  /**
   * The answer a CONCLUSION written like {@link #conclusion} states ({@code X} of "So the answer is
   * X."), empty when the text does not have that form.
   */
  public static Optional<String> answerOf(String conclusion) {
    String c = conclusion.strip();
    if (!c.startsWith(SO_THE_ANSWER_IS) || !c.endsWith(".")) {
      return Optional.empty();
    }
    String a = c.substring(SO_THE_ANSWER_IS.length(), c.length() - 1).strip();
    return a.isEmpty() ? Optional.empty() : Optional.of(a);
  }

  /** The chain of a question. */
  public static ReasoningChain chain(
      AokvqaRecord record, List<TypedStrength> types, String influence, AnswerStyle style) {
    return chain(record, types, influence, style, ReasoningDepth.all());
  }

  /** The chain of a question with REASONING cut to the depth for its total intensity. */
  public static ReasoningChain chain(
      AokvqaRecord record, List<TypedStrength> types, String influence, AnswerStyle style, ReasoningDepth depth) {
    double total = types.stream().mapToDouble(TypedStrength::strength).sum();
    return ReasoningChain.builder()
        .optTypes(types)
        .optInfluence(stripTags(influence))
        .optReasoning(reasoning(record, depth.sentences(total, record.rationales().size())))
        .optConclusion(conclusion(record))
        .setAnswer(stripTags(style.answer(record)))
        .build();
  }

  /**
   * The row of a question.
   *
   * @param imageName the image path relative to the output image folder
   * @param types the TYPE entries (ignored in {@link OutputMode#ANSWER_ONLY})
   * @param influence the INFLUENCE text (ignored in {@link OutputMode#ANSWER_ONLY}; may be null
   *     there)
   */
  public static TrainRow row(
      AokvqaRecord record,
      String imageName,
      List<TypedStrength> types,
      String influence,
      OutputMode mode,
      AnswerStyle style) {
    return row(record, imageName, types, influence, mode, style, PromptStyle.defaultFor(mode));
  }

  /** The row of a question with an explicit prompt style; see {@link #row(AokvqaRecord, String, List, String, OutputMode, AnswerStyle)}. */
  public static TrainRow row(
      AokvqaRecord record,
      String imageName,
      List<TypedStrength> types,
      String influence,
      OutputMode mode,
      AnswerStyle style,
      PromptStyle prompt) {
    return row(record, imageName, types, influence, mode, style, prompt, ReasoningDepth.all());
  }

  /** The row of a question with an explicit prompt style and reasoning depth. */
  public static TrainRow row(
      AokvqaRecord record,
      String imageName,
      List<TypedStrength> types,
      String influence,
      OutputMode mode,
      AnswerStyle style,
      PromptStyle prompt,
      ReasoningDepth depth) {
    requireNonNull(imageName, "imageName");
    String user = prompt.userTurn(record.question(), record.choices());
    String assistant;
    if (mode == OutputMode.CHAIN) {
      assistant = ChainFormat.DEFAULT.render(chain(record, types, requireNonNull(influence, "influence"), style, depth));
    } else {
      assistant = style.answer(record);
    }
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", record.questionId());
    o.put("image", imageName);
    ArrayNode conv = o.putArray("conversations");
    conv.addObject().put("from", "human").put("value", user);
    conv.addObject().put("from", "gpt").put("value", assistant);
    return TrainRow.fromJson(o, "row " + record.questionId());
  }

  /** {@code text} without any chain tag ({@code <TYPE>}, {@code <ANSWER_END>}, ...). */
  public static String stripTags(String text) {
    String t = requireNonNull(text, "text");
    for (Section s : Section.values()) {
      t = t.replace(s.openTag(), "").replace(s.closeTag(), "");
    }
    return t;
  }
}
