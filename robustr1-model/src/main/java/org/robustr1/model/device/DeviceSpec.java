package org.robustr1.model.device;

import static java.util.Objects.requireNonNull;

import ai.djl.Device;
import java.util.Locale;

/**
 * Which device to run on, as a user writes it: {@code auto} (the first GPU when one is visible,
 * else the CPU, saying which), {@code cpu}, {@code gpu} (= {@code gpu:0}) or {@code gpu:N}.
 * {@link #resolve()} turns it into a DJL {@link Device}; asking for a GPU that is not visible is a
 * {@link GpuUnavailableException}, never a CPU run.
 */
public final class DeviceSpec {

  /** What was asked for. */
  public enum Kind {
    /** The first visible GPU, else the CPU. */
    AUTO,
    /** The CPU. */
    CPU,
    /** A GPU by index. */
    GPU
  }

  /** {@code auto}. */
  public static final DeviceSpec AUTO = new DeviceSpec(Kind.AUTO, -1);

  /** {@code cpu}. */
  public static final DeviceSpec CPU = new DeviceSpec(Kind.CPU, -1);

  private final Kind kind;
  private final int index;

  private DeviceSpec(Kind kind, int index) {
    this.kind = kind;
    this.index = index;
  }

  /** {@code gpu:index}. */
  public static DeviceSpec gpu(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("GPU index must be >= 0, got " + index);
    }
    return new DeviceSpec(Kind.GPU, index);
  }

  /** The spec of a DJL device: {@code cpu} or {@code gpu:N}. */
  public static DeviceSpec of(Device device) {
    requireNonNull(device, "device");
    return device.isGpu() ? gpu(device.getDeviceId()) : CPU;
  }

  /**
   * Parses {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N} (case-insensitive; {@code cuda}
   * and {@code cuda:N} are read as {@code gpu}).
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static DeviceSpec parse(String value) {
    requireNonNull(value, "value");
    String v = value.trim().toLowerCase(Locale.ROOT);
    switch (v) {
      case "auto":
        return AUTO;
      case "cpu":
        return CPU;
      case "gpu":
      case "cuda":
        return gpu(0);
      default:
        break;
    }
    int colon = v.indexOf(':');
    if (colon > 0 && (v.startsWith("gpu:") || v.startsWith("cuda:"))) {
      try {
        int n = Integer.parseInt(v.substring(colon + 1));
        if (n >= 0) {
          return gpu(n);
        }
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
    }
    throw new IllegalArgumentException(
        "device must be auto, cpu, gpu or gpu:N (N >= 0), got '" + value + "'");
  }

  /** What was asked for. */
  public Kind kind() {
    return kind;
  }

  /** The GPU index of {@code gpu:N}; -1 for {@code auto} and {@code cpu}. */
  public int index() {
    return index;
  }

  /** The device this spec names on this machine ({@link Devices#resolve}). */
  public Device resolve() {
    return Devices.resolve(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeviceSpec d && d.kind == kind && d.index == index;
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + index;
  }

  /** {@code auto}, {@code cpu} or {@code gpu:N}: what {@link #parse} reads back. */
  @Override
  public String toString() {
    return kind == Kind.GPU ? "gpu:" + index : kind.name().toLowerCase(Locale.ROOT);
  }
}
