/**
 * The neutral in-memory image type shared by all modules ({@link org.robustr1.core.image.RgbImage}),
 * the library's one image decoder ({@link org.robustr1.core.image.ImageDecoder}: files to RGB as
 * Pillow and Qwen2-VL's processor see them, with a pixel limit checked before decoding) and
 * Pillow's resamplers ported bit for bit ({@link org.robustr1.core.image.PilResample}: BICUBIC and
 * BOX with antialiasing, NEAREST), used by the Qwen2-VL image processor and ImageNet-C's pixelate.
 */
package org.robustr1.core.image;
