package org.robustr1.core.chain;

/**
 * The two instructions of the Robust-R1 reference code, verbatim (its spellings kept: "tags,provides",
 * ".i.e.," and "the the"), in one place for the training rows, the trainers, the evaluation
 * prompts and {@code generate}.
 */
public final class RobustR1Prompts {

  /**
   * The training instruction that follows the question with no separator: {@code
   * Qwen2VLModule.get_question_template("robust")} without its {@code {Question}} placeholder (707
   * characters, the tag skeleton after "i.e." included).
   */
  public static final String TRAINING_INSTRUCTION =
      "First output the types of degradations in image briefly in <TYPE> <TYPE_END> tags, "
          + "and then output what effects do these degradation have on the image in <INFLUENCE> "
          + "<INFLUENCE_END> tags, then based on the strength of degradation, output an APPROPRIATE "
          + "length for the reasoning process in <REASONING> <REASONING_END> tags, and then summarize "
          + "the content of reasoning and the give the answer in <CONCLUSION> <CONCLUSION_END> "
          + "tags,provides the user with the answer briefly in <ANSWER> <ANSWER_END>.i.e., <TYPE> "
          + "degradation type here <TYPE_END>\n<INFLUENCE> influence here<INFLUENCE_END>\n<REASONING> "
          + "reasoning process here<REASONING_END>\n<CONCLUSION>summary here<CONCLUSION_END>\n"
          + "<ANSWER>final answer<ANSWER_END>";

  /**
   * The inference instruction of the reference demo ({@code demo.py} / {@code app.py}, whitespace
   * collapsed, spellings kept: "the the", no "i.e." example), appended to the question after a
   * newline.
   */
  public static final String INFERENCE_INSTRUCTION =
      "First output the the types of degradations in image briefly in <TYPE> <TYPE_END> tags, and"
          + " then output what effects do these degradation have on the image in <INFLUENCE>"
          + " <INFLUENCE_END> tags, then based on the strength of degradation, output an"
          + " APPROPRIATE length for the reasoning process in <REASONING> <REASONING_END> tags,"
          + " and then summarize the content of reasoning and the give the answer in <CONCLUSION>"
          + " <CONCLUSION_END> tags, provides the user with the answer briefly in <ANSWER>"
          + " <ANSWER_END>.";

  private RobustR1Prompts() {}
}
