/**
 * GRPO as in the official Robust-R1 run: group-relative advantages, the clipped surrogate with a
 * k3 KL penalty to a frozen reference, its configuration and the trainer.
 */
package org.robustr1.train.grpo;
