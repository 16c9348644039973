/**
 * Dynamic reasoning depth: how long a reasoning chain should be for a given degradation.
 *
 * <p>The paper scales reasoning depth with degradation intensity; the reference code encodes this
 * only implicitly (the length reward's target is the token length of the annotated chain, and
 * stronger degradations presumably have longer annotations). A {@link
 * org.robustr1.core.length.LengthPolicy} makes the mapping explicit so that the length reward can
 * be computed for samples without a reference chain: {@link
 * org.robustr1.core.length.LinearLengthPolicy} interpolates between a minimum and a maximum length,
 * and {@link org.robustr1.core.length.FittedLengthPolicy} is the least-squares line through a
 * dataset's (total intensity, chain length) pairs.
 */
package org.robustr1.core.length;
