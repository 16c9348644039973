package org.robustr1.train.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's peak resident set size ({@code VmHWM} of {@code /proc/self/status}, Linux). */
public final class PeakMemory {

  private PeakMemory() {}

  /** Peak resident memory in MiB, or -1 where {@code /proc/self/status} is not available. */
  public static long peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
