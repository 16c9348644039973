/**
 * ImageNet-C common corruptions (Hendrycks &amp; Dietterich 2019) as defined by the {@code
 * imagecorruptions} package (bethgelab): the 15 benchmark corruptions and the 4 extra validation
 * corruptions at severities 1 to 5, ported to plain Java arrays and OpenCV.
 *
 * <p>Entry points: {@link org.robustr1.degrade.imagenetc.ImageNetC} for one image and {@link
 * org.robustr1.degrade.imagenetc.ImageNetCBatch} for a folder. Images are RGB ({@link
 * org.robustr1.core.image.RgbImage}); an OpenCV BGR variant is offered for callers holding a {@code
 * Mat}.
 *
 * <p>The deterministic corruptions (defocus, zoom and gaussian blur, brightness, contrast,
 * pixelate, jpeg, saturate) reproduce the reference numerics operation by operation (scipy,
 * skimage, Pillow and OpenCV paths). The random ones draw from a caller-supplied {@link
 * java.util.random.RandomGenerator} or seed: the same seed gives the same bytes, but numpy's
 * streams are not reproduced, so their outputs match the reference in distribution only.
 */
package org.robustr1.degrade.imagenetc;
