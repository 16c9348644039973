/**
 * Baseline JPEG round trips (4:2:0 chroma, accurate integer DCT, fancy upsampling, the settings of
 * OpenCV's {@code imencode}/{@code imdecode}) behind one seam, {@link
 * org.robustr1.degrade.jpeg.JpegCodec}: OpenCV's bundled libjpeg-turbo (always available) or the
 * system's TurboJPEG library through JNA, whose SIMD code is bit-exact with the C code OpenCV's
 * bundled copy runs, and faster. {@link org.robustr1.degrade.jpeg.JpegCodecs#selected()} picks
 * one, following the {@code robustr1.jpeg.codec} system property.
 */
package org.robustr1.degrade.jpeg;
