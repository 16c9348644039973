/**
 * Autoregressive generation for the Qwen2.5-VL port: the preallocated KV cache, logits processing
 * and sampling with Hugging Face semantics (repetition penalty, temperature, top-k, top-p, seeded
 * inverse-CDF sampling on a Java RNG) and stop-token handling.
 */
package org.robustr1.model.generate;
