/**
 * OpenCV loading and image I/O: files are decoded to 8-bit, 3-channel BGR {@link
 * org.opencv.core.Mat}s exactly as {@code cv2.imread} does, and converted to and from the neutral
 * {@link org.robustr1.core.image.RgbImage}.
 */
package org.robustr1.degrade.io;
