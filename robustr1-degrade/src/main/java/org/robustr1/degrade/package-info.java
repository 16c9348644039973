/**
 * The degradation simulator: the 16 official Robust-R1 operations ({@link
 * org.robustr1.degrade.ops}), image I/O through OpenCV ({@link org.robustr1.degrade.io}), the
 * seeded sampling pipeline ({@link org.robustr1.degrade.pipeline}), replay of recorded parameters
 * ({@link org.robustr1.degrade.replay}) and evaluation-set generation ({@link
 * org.robustr1.degrade.evalset}).
 */
package org.robustr1.degrade;
