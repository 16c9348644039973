/** AdamW with checkpointable state, learning-rate schedules and global-norm gradient clipping. */
package org.robustr1.train.optim;
