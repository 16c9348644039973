/**
 * The training loop shared by SFT, GRPO and custom objectives ({@link
 * org.robustr1.train.loop.TrainingLoop}): resume with a refused-on-change run configuration,
 * clipping, skip-on-non-finite, checkpoints, metrics and progress around a per-step body ({@link
 * org.robustr1.train.loop.TrainingStep}) or a per-batch loss ({@link
 * org.robustr1.train.loop.BatchLoss}).
 */
package org.robustr1.train.loop;
