package org.robustr1.cli;

import ai.djl.engine.Engine;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line's logging. The shipped {@code simplelogger.properties} (slf4j-simple) shows the
 * library's INFO lines and hides DJL's: its INFO lines (platform, thread counts) and the
 * {@code CudaUtils} "Failed to detect GPU count" warnings printed on every engine start of a CPU
 * build. PyTorch's own C++ warnings ("AutoNonVariableTypeMode is deprecated", printed by libc10
 * on a resume) are silenced after the engine loads by raising libc10's log level to ERROR, its
 * {@code FLAGS_caffe2_log_level}; nothing filters the process's standard error. {@code --verbose}
 * keeps all of them.
 */
final class Logging {

  private static final String PREFIX = "org.slf4j.simpleLogger.log.";
  private static final String DJL = PREFIX + "ai.djl";
  private static final String CUDA = PREFIX + "ai.djl.util.cuda.CudaUtils";
  private static final String DEVICES = PREFIX + "org.robustr1.model.device.Devices";

  /** libc10's level for ERROR (0 INFO, 1 WARNING, 2 ERROR, 3 FATAL). */
  private static final int C10_ERROR = 2;

  private static volatile boolean verbose;
  private static volatile boolean torchQuieted;
  private static boolean propertiesSet;

  private Logging() {}

  /**
   * Sets the logger levels of this run; call before the loggers are made (slf4j-simple fixes a
   * logger's level when it is created).
   */
  static synchronized void configure(boolean verboseRun) {
    verbose = verboseRun;
    if (verboseRun && System.getProperty(DJL) == null) {
      System.setProperty(DJL, "info");
      System.setProperty(CUDA, "warn");
      System.setProperty(DEVICES, "info");
      propertiesSet = true;
    } else if (!verboseRun && propertiesSet) {
      System.clearProperty(DJL);
      System.clearProperty(CUDA);
      System.clearProperty(DEVICES);
      propertiesSet = false;
    }
  }

  /** Whether this run logs everything ({@code --verbose}). */
  static boolean verbose() {
    return verbose;
  }

  /**
   * Loads the PyTorch engine (which a model needs next) and, unless {@code --verbose}, raises
   * libc10's log level so that PyTorch's C++ warnings are not printed. Does nothing where libc10
   * cannot be found (a platform without {@code /proc/self/maps}).
   */
  static void quietTorch() {
    Engine.getEngine("PyTorch");
    if (verbose || torchQuieted) {
      return;
    }
    try {
      Optional<Path> c10 = loadedLibrary("libc10.");
      if (c10.isPresent()) {
        NativeLibrary.getInstance(c10.get().toString())
            .getGlobalVariableAddress("FLAGS_caffe2_log_level").setInt(0, C10_ERROR);
        torchQuieted = true;
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      // leaving PyTorch's warnings on is harmless
      torchQuieted = true;
    }
  }

  /** The path of a loaded shared library whose file name starts with {@code prefix}. */
  private static Optional<Path> loadedLibrary(String prefix) throws IOException {
    Path maps = Path.of("/proc/self/maps");
    if (!Files.isReadable(maps)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(maps, StandardCharsets.UTF_8)) {
      int slash = line.indexOf('/');
      if (slash < 0) {
        continue;
      }
      Path p = Path.of(line.substring(slash).strip());
      if (p.getFileName().toString().startsWith(prefix)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
