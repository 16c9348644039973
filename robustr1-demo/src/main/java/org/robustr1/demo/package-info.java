/**
 * {@code robustr1 demo}: the whole Robust-R1 pipeline in miniature on the embedded tiny
 * Qwen2.5-VL (random initialisation, word-level tokenizer, no download): procedural scenes in the
 * A-OKVQA format, the degraded chain dataset, SFT on chains, GRPO with the four official rewards,
 * and an evaluation on held-out scenes, clean and at the paper's three degradation levels, against
 * a baseline trained on answers only with the same budget; a Markdown/JSON report with plots.
 */
package org.robustr1.demo;
