/**
 * Numeric array files shared by the modules: a reader of NumPy {@code .npy} files ({@link
 * org.robustr1.core.tensor.NpyArray}, format 1.0/2.0/3.0, C order; used for the recorded noise
 * fields of degradation replay and the model's parity fixtures) and exact widening of 16-bit floats
 * ({@link org.robustr1.core.tensor.HalfFloats}, used by the safetensors reader and for {@code <f2}).
 */
package org.robustr1.core.tensor;
