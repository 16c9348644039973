/**
 * Qwen2.5 tokenizer (DJL's Hugging Face tokenizer over a local {@code tokenizer.json}, with
 * truncation off and no automatic special tokens), special-token ids, and the Qwen2.5-VL chat
 * template rendered in Java, including image-pad expansion and assistant spans for SFT loss masks.
 */
package org.robustr1.model.tokenizer;
