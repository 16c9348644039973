/** Scoring of model predictions: VLMEvalKit MCQ evaluation ({@code eval_vanilla} + {@code report_acc}). */
package org.robustr1.eval.score;
