/**
 * Generation as the server drives it: the {@link org.robustr1.serve.generate.Generator} interface
 * (one worker thread per model), its in-process Qwen2.5-VL implementation with token-by-token text
 * and batches, and OpenAI's stop strings.
 */
package org.robustr1.serve.generate;
