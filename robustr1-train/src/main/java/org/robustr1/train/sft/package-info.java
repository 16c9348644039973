/**
 * Supervised fine-tuning on structured degradation chains: teacher-forced cross-entropy on the
 * assistant tokens only, vision tower and merger frozen, AdamW with warm-up and decay.
 */
package org.robustr1.train.sft;
