/**
 * The embedded default model assets: a small word-level tokenizer in the Hugging Face format
 * ({@link org.robustr1.model.embedded.EmbeddedTokenizer}) and a tiny Qwen2.5-VL configuration
 * ({@link org.robustr1.model.embedded.EmbeddedModel}) sized for the procedural scene dataset, so
 * that the whole pipeline runs without downloading a checkpoint.
 */
package org.robustr1.model.embedded;
