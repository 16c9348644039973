/**
 * Where and in which precision the model runs: {@link org.robustr1.model.device.DeviceSpec} ({@code
 * auto}, {@code cpu}, {@code gpu[:N]}) resolved by {@link org.robustr1.model.device.Devices} (which
 * never falls back to the CPU silently: a GPU that is not visible is a {@link
 * org.robustr1.model.device.GpuUnavailableException}), {@link
 * org.robustr1.model.device.Precision} (fp32, fp16, bf16 where the loaded engine supports it,
 * probed without risking the JVM by {@link org.robustr1.model.device.Bf16Probe}) and the TF32
 * switch for fp32 matmuls on the GPU.
 */
package org.robustr1.model.device;
