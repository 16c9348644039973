/**
 * Training of Robust-R1 policies: supervised fine-tuning on structured degradation chains
 * ({@link org.robustr1.train.sft}) and GRPO with the degradation-aware rewards ({@link
 * org.robustr1.train.grpo}), with the data reader, optimizer, checkpoints and metrics they share.
 */
package org.robustr1.train;
