package org.robustr1.cli;

import org.robustr1.model.device.Devices;
import picocli.CommandLine.Option;

/**
 * {@code --threads N}: PyTorch's intra-op threads for the commands that run the embedded tiny model
 * ({@code demo}, {@code probe}). Its ops are too small to share between threads: on a 2-core
 * machine one thread ran the seed-7 demo in 5 min 11 s, two in 9 min 42 s, with the same
 * predictions (docs/benchmarks.md).
 */
final class CpuThreadsOption {

  @Option(
      names = "--threads",
      defaultValue = "1",
      paramLabel = "N",
      description = {
        "PyTorch CPU threads per op (default ${DEFAULT-VALUE}: the tiny model's ops are too small to share;",
        "two made the demo 1.9x slower on a 2-core machine); no effect on a GPU"
      })
  int threads;

  /**
   * Applies the option to the calling thread, which runs the command's model, until the returned
   * handle is closed (commands also run inside other programs and tests).
   *
   * @throws picocli.CommandLine.ParameterException when {@code --threads} is below 1
   */
  Applied apply(picocli.CommandLine.Model.CommandSpec spec) {
    if (threads < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--threads must be >= 1, got " + threads);
    }
    return set(threads);
  }

  /** Sets {@code n} threads for the calling thread until the handle is closed. */
  static Applied set(int n) {
    int before = Devices.cpuThreads();
    Devices.setCpuThreads(n);
    return () -> Devices.setCpuThreads(before);
  }

  /** Restores the thread count that was set before {@link #apply}. */
  interface Applied extends AutoCloseable {
    @Override
    void close();
  }
}
