/**
 * Benchmarks of the GRPO bookkeeping around the model: group-relative advantages over a batch of
 * completions ({@link org.robustr1.train.grpo.GrpoMath}) and the full CPU-side scoring of a batch
 * (four official rewards for every completion, then advantages).
 */
package org.robustr1.bench.grpo;
