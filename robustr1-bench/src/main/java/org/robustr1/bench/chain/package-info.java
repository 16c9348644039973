/**
 * Benchmarks of the reasoning-chain core as a function of chain length: render, parse, token
 * counting, each official reward and their sum, and the {@link org.robustr1.core.length.LengthPolicy
 * length policies} that choose how long a chain should be.
 *
 * <p>Robust-R1's dynamic reasoning depth spends more tokens on more degraded images. The model pays
 * for every extra token in decode time (about a second per token for the 3B model on two CPU
 * cores, see {@code docs/benchmarks.md}); these benchmarks show what the same extra tokens cost on
 * the CPU side of a GRPO step (parse and reward), which must stay negligible next to decoding.
 */
package org.robustr1.bench.chain;
