/**
 * Benchmarks of the GRPO rewards at the length the paper's chains typically have (about 512
 * tokens): the parse-plus-four-rewards target, the per-prompt reward context, and a whole batch of
 * completions scored as one GRPO step does.
 */
package org.robustr1.bench.reward;
