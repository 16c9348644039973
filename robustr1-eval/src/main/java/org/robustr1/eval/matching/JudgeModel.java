package org.robustr1.eval.matching;

/**
 * A text-only judge as VLMEvalKit's choice extractor sees it: one prompt in, one reply out. An
 * implementation that cannot get an answer returns a reply containing {@link #API_FAILURE}, as
 * VLMEvalKit's API wrappers do, rather than throwing.
 */
@FunctionalInterface
public interface JudgeModel {

  /** The reply VLMEvalKit's wrappers return when every API attempt failed. */
  String API_FAILURE = "Failed to obtain answer via API";

  /** The judge's reply to {@code prompt}. */
  String generate(String prompt);
}
