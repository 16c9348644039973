package org.robustr1.model.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Finds out, without risking this JVM, whether the loaded DJL PyTorch JNI supports BF16 arrays:
 * the stock DJL 0.36 JNI maps BFLOAT16 to a bare C++ {@code throw;}, which terminates the process.
 *
 * <p>First the JNI library this process loaded is looked up in {@code /proc/self/maps} and searched
 * for the marker of the patched build ({@code scripts/djl-jni}, "Unsupported DJL DataType
 * ordinal"); without it, a child JVM with this classpath and the engine's settings creates a BF16
 * array, casts and multiplies it ({@link #main}); its exit code decides. The answer is cached for
 * the process.
 */
public final class Bf16Probe {

  /** A string that only the patched JNI's dtype mapping holds. */
  static final String PATCH_MARKER = "Unsupported DJL DataType ordinal";

  /** The answer and how it was found. */
  public record Result(boolean supported, String detail) {}

  private static Result cached;

  private Bf16Probe() {}

  /** Whether BF16 works with the loaded engine (cached). */
  public static synchronized Result supported() {
    if (cached == null) {
      cached = probe();
    }
    return cached;
  }

  private static Result probe() {
    Devices.engine();
    Path jni = loadedJni();
    if (jni != null && fileContains(jni, PATCH_MARKER)) {
      return new Result(true, "patched JNI " + jni);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("ai.djl") || key.startsWith("jna.") || key.startsWith("PYTORCH")
          || key.equals("ENGINE_CACHE_DIR") || key.equals("DJL_CACHE_DIR") || key.equals("java.library.path")) {
        cmd.add("-D" + key + "=" + System.getProperty(key));
      }
    }
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=error");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Bf16Probe.class.getName());
    cmd.add(Devices.visibleGpus() > 0 ? "gpu" : "cpu");
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(false, "the BF16 probe did not finish in 120 s");
      }
      int rc = p.exitValue();
      if (rc == 0) {
        return new Result(true, "child JVM created and multiplied BF16 arrays");
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
      return new Result(
          false,
          String.format(
              Locale.ROOT,
              "a child JVM creating a BF16 array exited with %d%s%s",
              rc,
              rc == 134 ? " (aborted: the stock DJL 0.36 JNI terminates on BF16)" : "",
              last.isEmpty() ? "" : ": " + last));
    } catch (IOException e) {
      return new Result(false, "cannot start the BF16 probe: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted");
    }
  }

  /** The DJL JNI library mapped into this process, or null when not found (not Linux). */
  static Path loadedJni() {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return null;
    }
    try {
      for (String line : Files.readAllLines(maps, StandardCharsets.UTF_8)) {
        int at = line.indexOf('/');
        if (at >= 0 && line.endsWith("libdjl_torch.so")) {
          return Path.of(line.substring(at));
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  static boolean fileContains(Path file, String text) {
    byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
    try {
      byte[] hay = Files.readAllBytes(file);
      outer:
      for (int i = 0; i + needle.length <= hay.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (hay[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  /**
   * The child side: creates BF16 arrays on the device named by {@code args[0]} ({@code cpu} or
   * {@code gpu}), casts and multiplies them; exit code 0 when all of that works. The stock JNI
   * aborts the process instead.
   */
  public static void main(String[] args) {
    Device d = args.length > 0 && args[0].equals("gpu") ? Device.gpu(0) : Device.cpu();
    Engine.getEngine("PyTorch");
    try (NDManager m = NDManager.newBaseManager(d, "PyTorch")) {
      NDArray a = m.ones(new Shape(4, 4)).toType(DataType.BFLOAT16, false);
      NDArray b = m.zeros(new Shape(4, 4), DataType.BFLOAT16).add(a);
      float s = a.matMul(b).toType(DataType.FLOAT32, false).sum().getFloat();
      if (s != 64f) {
        System.out.println("bf16 matmul gave " + s + ", expected 64");
        System.exit(3);
      }
    }
    System.out.println("bf16 ok");
    System.exit(0);
  }
}
