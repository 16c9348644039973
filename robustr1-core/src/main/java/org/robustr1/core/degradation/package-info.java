/** Typed degradations: the four stages, the 16 official ops, ImageNet-C, intensities, records. */
package org.robustr1.core.degradation;
