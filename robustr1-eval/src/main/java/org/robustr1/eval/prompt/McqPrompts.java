package org.robustr1.eval.prompt;

import java.util.Map;
import org.robustr1.eval.data.McqItem;

/** Prompt texts taken verbatim from the reference implementations. */
public final class McqPrompts {

  /**
   * Robust-R1's inference instruction ({@code demo.py} / {@code app.py}, whitespace collapsed,
   * spellings kept: "the the", no "i.e." example). Appended to the question after a newline.
   */
  public static final String ROBUST_R1_INFERENCE_INSTRUCTION =
      "First output the the types of degradations in image briefly in <TYPE> <TYPE_END> tags, and"
          + " then output what effects do these degradation have on the image in <INFLUENCE>"
          + " <INFLUENCE_END> tags, then based on the strength of degradation, output an"
          + " APPROPRIATE length for the reasoning process in <REASONING> <REASONING_END> tags,"
          + " and then summarize the content of reasoning and the give the answer in <CONCLUSION>"
          + " <CONCLUSION_END> tags, provides the user with the answer briefly in <ANSWER>"
          + " <ANSWER_END>.";

  private McqPrompts() {}

  /** {@code ImageMCQDataset.build_prompt}: optional hint, question, options block. */
  public static String vlmEvalKit(McqItem item) {
    StringBuilder sb = new StringBuilder();
    if (item.hint() != null) {
      sb.append("Hint: ").append(item.hint()).append('\n');
    }
    sb.append("Question: ").append(item.question()).append('\n');
    if (!item.options().isEmpty()) {
      sb.append("Options:\n");
      for (Map.Entry<String, String> e : item.options().entrySet()) {
        sb.append(e.getKey()).append(". ").append(e.getValue()).append('\n');
      }
      sb.append("Please select the correct answer from the options above. \n");
    }
    return sb.toString();
  }
}
