/**
 * Seeded degradation sampling: the official one-op-per-image sampling by {@code
 * DEGRADATION_CONFIG} weights and a composite one-op-per-stage mode, reproducible per image from a
 * base seed and the image id, independent of thread count and processing order.
 */
package org.robustr1.degrade.pipeline;
