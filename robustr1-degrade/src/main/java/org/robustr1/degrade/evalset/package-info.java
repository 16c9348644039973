/**
 * Evaluation-set generation as in the official {@code generate_degradation.py}: every image of a
 * folder degraded by one official op at 0.23, 0.45 and 0.9 into {@code {name}_Robust_25|50|100/},
 * plus a {@code degradations.jsonl} manifest in the case schema; multi-threaded, resumable and
 * byte-for-byte reproducible for a seed.
 */
package org.robustr1.degrade.evalset;
