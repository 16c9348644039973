package org.robustr1.eval.rbench;

/** The official R-Bench notebook's inference and judge prompts, verbatim (indentation included). */
public final class RBenchPrompts {

  private static final String IND = "            ";
  private static final String RUBRIC =
      IND + "First, check the response and please rate score 0 if the response is not a valid answer.\n"
          + IND + "Please rate score 2 if the response completely or almost completely matches the correct answer"
          + " on completeness, accuracy, and relevance. \n"
          + IND + "Please rate score 1 if the response partly matches the correct answer on completeness, accuracy,"
          + " and relevance.\n"
          + IND + "Please rate score 0 if the response doesn't match the correct answer on completeness, accuracy,"
          + " and relevance at all.\n"
          + IND + "Please only provide the result in the following format: Score:";

  /** The judge's system message in the notebook. */
  public static final String JUDGE_SYSTEM = "You are a helpful assistant.";

  private RBenchPrompts() {}

  /** The notebook's {@code inference} prompt for an item. */
  public static String inference(RBenchItem item) {
    return switch (item.task()) {
      case MCQ -> item.question() + "\n" + item.choice() + "\nAnswer with the option's letter from the given choices directly.";
      case VQA -> item.question() + ". Please answer no more than 10 words";
      case CAP -> "Please describe this image in general. Directly provide the description, do not include prefix like"
          + " 'This image depicts'";
    };
  }

  /** MCQ judge prompt (allowed scores 0/1). */
  public static String mcqJudge(String question, String choices, String correct, String answer) {
    return "You will now be provided with a question [" + question + "] and a set of options [" + choices
        + "] with option [" + correct + "] being the correct answer.\n"
        + IND + "Additionally, there will be an answer [" + answer + "] provided by a respondent. Please determine"
        + " whether the respondent's answer is correct considering the context of the question.\n"
        + IND + "Even if the word choice is not completely the same, you can decide based on the given options and see"
        + " whether the one in the answer is close enough to the given correct answer\n"
        + IND + "The result is 1 if the answer is correct and else the result is 0. Please only provide the result in"
        + " the following format: Score:";
  }

  /** VQA judge prompt (allowed scores 0/1/2). */
  public static String vqaJudge(String question, String correct, String answer) {
    return "Given the question [" + question + "], evaluate whether the response [" + answer
        + "] completely matches the correct answer [" + correct + "]. \n" + RUBRIC;
  }

  /** CAP judge prompt (allowed scores 0/1/2), one per reference caption. */
  public static String capJudge(String correct, String answer) {
    return "Evaluate whether the sentence [" + answer + "] completely matches the correct answer [" + correct + "]. \n"
        + RUBRIC;
  }
}
