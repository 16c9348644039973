package org.robustr1.eval.prompt;

import java.util.Map;
import org.robustr1.eval.data.McqItem;

/** Prompt texts taken verbatim from the reference implementations. */
public final class McqPrompts {

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
