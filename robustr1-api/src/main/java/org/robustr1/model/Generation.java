package org.robustr1.model;

/**
 * What a model generated for one prompt.
 *
 * @param promptIds the token ids of the full prompt (after image-pad expansion); empty for remote
 *     models that do not expose them
 * @param tokenIds the generated ids, including the stop token if one was produced
 * @param text the decoded text of the generated ids, special tokens removed
 * @param logProbs the log-probability of each generated id under the sampling distribution's
 *     underlying model (before temperature), one per id; empty when not available
 */
public record Generation(int[] promptIds, int[] tokenIds, String text, float[] logProbs) {}
