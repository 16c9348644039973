/**
 * The Qwen2-VL image processor in Java: smart_resize, a bit-exact port of Pillow's antialiased
 * bicubic resampling, rescale and CLIP normalisation in float32, temporal duplication and patch
 * flattening into {@code pixel_values [N, 1176]} with {@code image_grid_thw}.
 */
package org.robustr1.model.processor;
