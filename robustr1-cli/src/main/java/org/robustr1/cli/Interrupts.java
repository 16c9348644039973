package org.robustr1.cli;

import java.io.PrintStream;
import java.util.Set;

/**
 * What Ctrl-C prints: the JVM runs its shutdown hooks and exits with 130 (128 + SIGINT); the hook
 * installed here says so on standard error, and for a resumable command how to go on, unless the
 * command had already finished.
 */
final class Interrupts {

  /** Commands that resume from what they wrote when run again with the same arguments. */
  private static final Set<String> RESUMABLE =
      Set.of("sft", "grpo", "eval", "build-dataset", "eval-set", "pretrain");

  private static volatile String running;
  private static volatile boolean finished;

  private Interrupts() {}

  /** Installs the hook (once, from {@code main}). */
  static void install(PrintStream err) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (!finished) {
        err.println();
        err.println(message(running));
        err.flush();
      }
    }, "robustr1-interrupt"));
  }

  /** The line printed for an interrupted {@code command} (its name, null before one started). */
  static String message(String command) {
    return command != null && RESUMABLE.contains(command)
        ? "interrupted — rerun the same command to resume"
        : "interrupted";
  }

  /** Records the command now running. */
  static void running(String command) {
    running = command;
  }

  /** Marks the run as finished: an exit from here on is not an interruption. */
  static void finished() {
    finished = true;
  }
}
