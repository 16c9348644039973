/**
 * Metrics on Robust-R1 chain outputs: how well the {@code <TYPE>} section perceives the applied
 * degradation (type precision / recall / F1, intensity MAE) and how reasoning length follows the
 * degradation intensity (Spearman's rho).
 */
package org.robustr1.eval.chain;
