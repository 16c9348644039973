/**
 * Small synthetic degraded-image training sets (images drawn in Java, Robust-R1 {@code
 * train.jsonl} rows) for checking that SFT and GRPO learn on a tiny model within seconds.
 */
package org.robustr1.train.synthetic;
