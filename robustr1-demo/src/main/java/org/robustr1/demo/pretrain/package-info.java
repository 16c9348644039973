/**
 * The recipe that pretrains {@code robustr1-tiny}, the embedded stand-in for a pretrained
 * Qwen2.5-VL: {@link org.robustr1.demo.pretrain.PretrainRecipe} (architecture and budget), {@link
 * org.robustr1.demo.pretrain.PretrainingTasks} (procedural scenes and text tasks, no chain format,
 * no degradation) and {@link org.robustr1.demo.pretrain.Pretrainer} (the resumable run that writes
 * the half-precision weights and their provenance).
 */
package org.robustr1.demo.pretrain;
