package org.robustr1.bench.runner;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The machine a benchmark ran on, as the report prints it: processors, CPU model, memory, JDK,
 * operating system, load average and date. Linux files ({@code /proc/cpuinfo}, {@code
 * /proc/meminfo}, {@code /proc/loadavg}) are read when present; elsewhere those fields say
 * "unknown".
 *
 * @param processors {@link Runtime#availableProcessors()} (what {@code nproc} prints)
 * @param cpuModel the first {@code model name} of /proc/cpuinfo
 * @param memory total memory from /proc/meminfo, e.g. {@code 23.4 GiB}
 * @param jdk JVM name, vendor and runtime version
 * @param os operating system name, version and architecture
 * @param loadAverage the 1/5/15-minute load averages when the run started
 * @param date the UTC date and time the run started
 */
public record MachineInfo(
    int processors, String cpuModel, String memory, String jdk, String os, String loadAverage, String date) {

  private static final String UNKNOWN = "unknown";

  /** Validates. */
  public MachineInfo {
    requireNonNull(cpuModel, "cpuModel");
    requireNonNull(memory, "memory");
    requireNonNull(jdk, "jdk");
    requireNonNull(os, "os");
    requireNonNull(loadAverage, "loadAverage");
    requireNonNull(date, "date");
  }

  /** This machine, now. */
  public static MachineInfo current() {
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        readCpuModel(),
        readMemory(),
        System.getProperty("java.vm.name") + " (" + System.getProperty("java.vm.vendor") + ") "
            + System.getProperty("java.runtime.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        readLoadAverage(),
        ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
  }

  /** A Markdown bullet list of the fields. */
  public String toMarkdown() {
    return "- processors (`nproc`): " + processors + "\n"
        + "- CPU: " + cpuModel + "\n"
        + "- memory: " + memory + "\n"
        + "- JDK: " + jdk + "\n"
        + "- OS: " + os + "\n"
        + "- load average at start (1/5/15 min): " + loadAverage + "\n"
        + "- date: " + date + "\n";
  }

  private static String readCpuModel() {
    for (String line : lines("/proc/cpuinfo")) {
      if (line.startsWith("model name")) {
        int colon = line.indexOf(':');
        return colon < 0 ? UNKNOWN : line.substring(colon + 1).trim();
      }
    }
    return UNKNOWN;
  }

  private static String readMemory() {
    for (String line : lines("/proc/meminfo")) {
      if (line.startsWith("MemTotal:")) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 2) {
          try {
            double gib = Long.parseLong(f[1]) / (1024.0 * 1024.0);
            return String.format(Locale.ROOT, "%.1f GiB", gib);
          } catch (NumberFormatException e) {
            return line.trim();
          }
        }
      }
    }
    return UNKNOWN;
  }

  private static String readLoadAverage() {
    List<String> l = lines("/proc/loadavg");
    if (l.isEmpty()) {
      return UNKNOWN;
    }
    String[] f = l.get(0).trim().split("\\s+");
    return f.length >= 3 ? f[0] + " / " + f[1] + " / " + f[2] : UNKNOWN;
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
  }
}
