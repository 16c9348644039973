/**
 * Benchmark data: a pandas-compatible delimited-text reader, VLMEvalKit MCQ TSV loading (MMStar,
 * MMMB, RealWorldQA, R-Bench-Dis/Ref), prediction files, and the bad-input policy.
 */
package org.robustr1.eval.data;
