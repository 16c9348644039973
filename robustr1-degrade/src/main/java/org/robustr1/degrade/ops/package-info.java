/**
 * The 16 official Robust-R1 degradation operations ({@code add_degradation.py} of
 * jqtangust/Robust-R1, commit 02f2c9d), ported bit-exactly on top of OpenCV.
 *
 * <p>Each op is split into {@link org.robustr1.degrade.ops.DegradationOp#sample sample}, which
 * turns an intensity and a random generator into an explicit parameter record (every derived value
 * and every random draw, named as in the golden fixture schema), and {@link
 * org.robustr1.degrade.ops.DegradationOp#apply apply}, which is a pure function of the image and
 * the parameters. Parameters recorded by the Python reference therefore replay exactly. {@link
 * org.robustr1.degrade.ops.OfficialOps} looks ops up by {@link
 * org.robustr1.core.degradation.DegradationType}.
 *
 * <p>Conventions that decide bit-exactness: numpy {@code astype(np.uint8)} truncates toward zero
 * (done here in Java with an {@code (int)} cast), OpenCV's own 8-bit results round (done by
 * OpenCV); {@code filter2D} is a correlation with {@code BORDER_REFLECT_101}; float32 vs float64
 * follows numpy's promotion rules; every apply runs with IPP off on the calling thread (see {@link
 * org.robustr1.degrade.io.OpenCv}).
 */
package org.robustr1.degrade.ops;
