/**
 * JMH benchmarks of the ImageNet-C corruptions ({@code org.robustr1.degrade.imagenetc}): one
 * corruption at 224² and 512², and the 15-corruption sweep, single-threaded (OpenCV is pinned to
 * one thread) so that they compare with imagecorruptions' one-thread Python timings.
 */
package org.robustr1.bench.imagenetc;
