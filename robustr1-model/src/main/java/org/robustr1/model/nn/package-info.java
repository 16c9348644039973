/**
 * Transformer building blocks of Qwen2.5-VL on DJL: HF-layout linear layers, RMSNorm, SwiGLU MLPs,
 * rotary embeddings, the vision block, the patch merger and the Qwen2 decoder layer.
 *
 * <p>Every block is a DJL {@link ai.djl.nn.AbstractBlock} whose parameters carry their Hugging Face
 * checkpoint names relative to the block (see {@link org.robustr1.model.nn.HfBlock}), so a whole
 * model maps one-to-one onto safetensors names. Blocks compute in FP32 and use the activations as the
 * receiver of every op, so results never attach to the weights' long-lived manager.
 */
package org.robustr1.model.nn;
