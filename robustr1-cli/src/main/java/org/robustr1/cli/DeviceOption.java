package org.robustr1.cli;

import ai.djl.Device;
import java.io.PrintStream;
import org.robustr1.model.device.DeviceSpec;
import org.robustr1.model.device.Devices;
import org.robustr1.model.device.Precision;
import picocli.CommandLine.Option;

/**
 * Where and in which precision a command runs the model (a picocli mixin of {@code generate},
 * {@code eval}, {@code sft}, {@code grpo} through {@link ModelOptions}, and of {@code demo}): {@code
 * --device auto|cpu|gpu[:N]}, {@code --dtype fp32|fp16|bf16} and {@code --[no-]tf32}. The device
 * becomes the process default ({@link Devices#setDefault}), so every model a command loads lives
 * there; the choice is printed on standard error. A GPU that is not visible ends the command with
 * one line and exit code 2 ({@link org.robustr1.model.device.GpuUnavailableException}), never a CPU
 * run.
 */
final class DeviceOption {

  @Option(
      names = "--device",
      defaultValue = "auto",
      paramLabel = "auto|cpu|gpu[:N]",
      description = {
        "where the model runs (default ${DEFAULT-VALUE}: the first GPU when one is visible, else the CPU, said on",
        "standard error); asking for a GPU that is not visible exits with code 2"
      })
  String device;

  @Option(
      names = "--dtype",
      defaultValue = "fp32",
      paramLabel = "fp32|fp16|bf16",
      description = {
        "precision of weights and activations (default ${DEFAULT-VALUE}); fp16 and bf16 for inference only",
        "(slow on the CPU); bf16 only where the DJL JNI supports it (probed in a child JVM, else refused)"
      })
  String dtype;

  @Option(
      names = "--tf32",
      negatable = true,
      description = {
        "let fp32 matmuls on the GPU use TF32 tensor cores (default: allowed unless",
        "TORCH_ALLOW_TF32_CUBLAS_OVERRIDE says otherwise); --no-tf32 for full fp32 products"
      })
  Boolean tf32;

  /** Where an inference command runs, and in which precision. */
  record Placement(Device device, Precision precision) {}

  /**
   * Applies the options for inference: TF32, the device (the process default from now on), the
   * precision checked against it.
   */
  Placement forInference() {
    Precision p = Precision.parse(dtype);
    Device d = apply();
    p.check(d);
    return new Placement(d, p);
  }

  /** Applies the options for training (fp32 only: master weights and optimizer state stay fp32). */
  Device forTraining() {
    Precision.parse(dtype).checkTrainable();
    return apply();
  }

  private Device apply() {
    if (tf32 != null) {
      Devices.setTf32(tf32);
    }
    DeviceSpec spec = DeviceSpec.parse(device);
    Device d = Devices.setDefault(spec);
    PrintStream err = System.err;
    if (spec.kind() == DeviceSpec.Kind.AUTO) {
      err.println(
          d.isGpu()
              ? "device: " + DeviceSpec.of(d) + " (--device auto: " + Devices.describe(d) + ")"
              : "device: cpu (--device auto: no GPU is visible, running on the CPU)");
    } else {
      err.println("device: " + DeviceSpec.of(d) + (d.isGpu() ? " (" + Devices.describe(d) + ")" : ""));
    }
    err.flush();
    return d;
  }
}
