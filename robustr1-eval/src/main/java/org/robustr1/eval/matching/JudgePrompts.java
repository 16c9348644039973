package org.robustr1.eval.matching;

import java.util.Map;
import org.robustr1.core.chain.PythonText;

/**
 * The choice-extraction prompts of VLMEvalKit ({@code build_prompt}, {@code build_prompt_cn},
 * {@code build_option_str}), character for character.
 */
public final class JudgePrompts {

  private static final String EN_HEAD =
      "You are an AI assistant who will help me to match an answer with several options of a"
          + " single-choice question. You are provided with a question, several options, and an"
          + " answer, and you need to find which option is most similar to the answer. If the"
          + " meaning of all options are significantly different from the answer, output Z. Your"
          + " should output a single uppercase character in A, B, C, D (if they are valid"
          + " options), and Z. \n"
          + "Example 1: \n"
          + "Question: What is the main object in image?\n"
          + "Options: A. teddy bear B. rabbit C. cat D. dog\n"
          + "Answer: a cute teddy bear\n"
          + "Your output: A\n"
          + "Example 2: \n"
          + "Question: What is the main object in image?\n"
          + "Options: A. teddy bear B. rabbit C. cat D. dog\n"
          + "Answer: Spider\n"
          + "Your output: Z\n"
          + "Example 3: \n";

  private static final String CN_HEAD =
      "你是一个帮助我匹配答案与单选题中多个选项的 AI 助手。你会被提供：一个问题，多个选项，一个答案。"
          + "你的任务是找到与答案意义最相近的选项。如果所有选项的意义都与答案显著不同，则输出 Z。"
          + "你应该输出一个单个的大写字母，例如 A, B, C, D（如果它们是有效选项），或 Z。"
          + "例 1:问题: 图中最主要的物体是什么?\n"
          + "选项: A. 泰迪熊 B. 兔子 C. 猫 D. 狗\n"
          + "答案: 一只可爱的泰迪熊\n"
          + "输出: A\n"
          + "例 2: \n"
          + "问题: 图中最主要的物体是什么?\n"
          + "选项: A. 泰迪熊 B. 兔子 C. 猫 D. 狗\n"
          + "答案: 蜘蛛\n"
          + "输出: Z\n"
          + "例 3: \n";

  private JudgePrompts() {}

  /** {@code build_option_str}: a header line and one {@code "L. text\n"} line per present option. */
  public static String optionString(Map<String, String> choices) {
    StringBuilder sb = new StringBuilder("There are several options: \n");
    for (Map.Entry<String, String> e : choices.entrySet()) {
      if (e.getValue() != null) {
        sb.append(e.getKey()).append(". ").append(e.getValue()).append('\n');
      }
    }
    return sb.toString();
  }

  /** Whether the Chinese template is used: the question contains a U+4E00..U+9FFF character. */
  public static boolean usesChineseTemplate(String question) {
    return PythonText.hasCjk(question);
  }

  /** {@code build_prompt} (English). */
  public static String english(String question, String optionString, String prediction) {
    return EN_HEAD
        + "Question: " + question + "?\n"
        + "Options: " + optionString + "\n"
        + "Answer: " + prediction + "\n"
        + "Your output: ";
  }

  /** {@code build_prompt_cn} (Chinese). */
  public static String chinese(String question, String optionString, String prediction) {
    return CN_HEAD
        + "问题: " + question + "?\n"
        + "选项: " + optionString + "\n"
        + "答案: " + prediction + "\n"
        + "输出: ";
  }

  /** The prompt {@code extract_answer_from_item} sends for a plain MCQ dataset. */
  public static String forItem(String question, Map<String, String> choices, String prediction) {
    String options = optionString(choices);
    return usesChineseTemplate(question)
        ? chinese(question, options, prediction)
        : english(question, options, prediction);
  }
}
