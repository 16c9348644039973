/**
 * Safetensors checkpoints: a memory-mapped reader for single files and sharded checkpoints (no
 * 2 GiB limit, no copy of the file onto the heap; BF16/F16 widened to float32 in Java because DJL's
 * PyTorch engine aborts on BF16), header validation, shape checks against a {@link
 * org.robustr1.model.config.Qwen25VlConfig}, and a writer of Hugging Face-compatible checkpoints.
 */
package org.robustr1.model.safetensors;
