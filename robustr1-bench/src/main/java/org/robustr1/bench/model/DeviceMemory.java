package org.robustr1.bench.model;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The peak memory a part of a benchmark holds on its device, sampled by a daemon thread: on a GPU
 * the driver's view of the device ({@code cudaMemGetInfo} total − free through DJL's {@code
 * CudaUtils}, every millisecond; where JNA cannot load {@code libcudart}, {@code nvidia-smi} every
 * 50 ms), which counts the CUDA context and PyTorch's allocator cache; on the CPU the process's
 * resident set ({@code /proc/self/statm}). {@link #reset} empties PyTorch's CUDA cache first, so
 * each part starts from the memory its live arrays hold. The same measurement is taken on the
 * Hugging Face side ({@code scripts/hf_gpu_anchor.py}).
 */
final class DeviceMemory implements AutoCloseable {

  private final Device device;
  private final Thread thread;
  private final boolean smi;
  private volatile boolean running = true;
  private volatile long peak;
  private volatile long current;

  DeviceMemory(Device device) {
    this.device = device;
    boolean useSmi = false;
    if (device.isGpu()) {
      try {
        CudaUtils.getGpuMemory(device);
      } catch (RuntimeException | LinkageError e) {
        useSmi = true;
      }
    }
    this.smi = useSmi;
    this.thread = new Thread(this::sample, "device-memory");
    thread.setDaemon(true);
    thread.start();
  }

  /** How the memory is read, for the report. */
  String method() {
    if (!device.isGpu()) {
      return "process RSS (/proc/self/statm), sampled every 5 ms";
    }
    return smi
        ? "nvidia-smi memory.used, sampled every 50 ms"
        : "cudaMemGetInfo total-free (CUDA context and allocator cache included), sampled every 1 ms";
  }

  /** Empties PyTorch's CUDA cache and starts a new peak from the memory in use now. */
  void reset() {
    if (device.isGpu()) {
      JniUtils.emptyCudaCache();
    }
    long now = read();
    current = now;
    peak = now;
  }

  /** The highest reading since {@link #reset}, in MiB. */
  double peakMib() {
    peak = Math.max(peak, read());
    return peak / (double) (1 << 20);
  }

  private void sample() {
    while (running) {
      long v = read();
      current = v;
      if (v > peak) {
        peak = v;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(smi ? 50 : device.isGpu() ? 1 : 5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private long read() {
    if (!device.isGpu()) {
      try {
        String[] f = Files.readString(Path.of("/proc/self/statm"), StandardCharsets.US_ASCII).trim().split("\\s+");
        return Long.parseLong(f[1]) * 4096L;
      } catch (IOException | RuntimeException e) {
        return current;
      }
    }
    if (!smi) {
      try {
        return CudaUtils.getGpuMemory(device).getUsed();
      } catch (RuntimeException | LinkageError e) {
        return current;
      }
    }
    try {
      Process p =
          new ProcessBuilder(
                  "nvidia-smi", "--query-gpu=memory.used", "--format=csv,noheader,nounits", "-i", Integer.toString(device.getDeviceId()))
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
      p.waitFor(5, TimeUnit.SECONDS);
      return Long.parseLong(out) << 20;
    } catch (IOException | RuntimeException e) {
      return current;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return current;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
