/**
 * Running a model over a benchmark: degradation tracks, sharding, an append-only JSONL prediction
 * cache that makes a crashed run resumable, and the evaluation runner.
 */
package org.robustr1.eval.run;
