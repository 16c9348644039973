/** Per-step metrics as JSON Lines, sample completions and the console progress bar. */
package org.robustr1.train.metrics;
