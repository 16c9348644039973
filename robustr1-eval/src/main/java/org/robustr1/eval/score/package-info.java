/**
 * Scoring of model predictions: VLMEvalKit MCQ evaluation ({@code eval_vanilla}) and its {@code
 * report_acc} table ({@link org.robustr1.eval.score.AccTable}).
 */
package org.robustr1.eval.score;
