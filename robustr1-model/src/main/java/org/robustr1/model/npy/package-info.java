/** A small reader of NumPy {@code .npy} files (format 1.0/2.0/3.0, C order), used by parity tests. */
package org.robustr1.model.npy;
