/**
 * The evaluation job ({@link org.robustr1.spark.eval.EvalJob}): a benchmark × degradation tracks
 * answered on the executors, by a pool of OpenAI-compatible endpoints or by an in-process model
 * loaded once per executor JVM ({@link org.robustr1.spark.eval.ExecutorModels}); predictions are
 * keyed by a hash of (track, dataset, index), so task retries never duplicate one, and are scored
 * on the driver by the code of {@code robustr1 eval}.
 */
package org.robustr1.spark.eval;
