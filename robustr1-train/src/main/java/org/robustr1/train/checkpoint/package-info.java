/**
 * Atomic training checkpoints (model, optimizer state, trainer state with the data cursor and seeds)
 * and how a run resumes from them.
 */
package org.robustr1.train.checkpoint;
