/**
 * Benchmark harnesses for Robust-R1: loaders for VLMEvalKit TSVs (MMStar, MMMB, RealWorldQA,
 * R-Bench-Dis/Ref), the R-Bench answer key and result files and A-OKVQA; the VLMEvalKit answer
 * matching and judge; R-Bench robustness; prediction caches, runs and reports.
 */
package org.robustr1.eval;
