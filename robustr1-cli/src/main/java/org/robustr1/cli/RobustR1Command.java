package org.robustr1.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code robustr1} command line: one subcommand per pipeline stage. */
@Command(
    name = "robustr1",
    mixinStandardHelpOptions = true,
    version = "robustr1 0.1.0-SNAPSHOT",
    description = "Robust-R1: degradation-aware reasoning for robust visual understanding, on the JVM.",
    subcommands = {
      CommandLine.HelpCommand.class,
      BuildDatasetCommand.class,
      DegradeCommand.class,
      DemoCommand.class,
      EvalCommand.class,
      GenerateCommand.class,
      GrpoCommand.class,
      PretrainCommand.class,
      RbenchScoreCommand.class,
      ScoreCommand.class,
      SftCommand.class,
      SyntheticDataCommand.class,
    })
public final class RobustR1Command implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * Builds the command line with every subcommand registered. Bad input (an unreadable or refused
   * file, a bad row, a refused output folder, an invalid value) ends the command with one line,
   * {@code robustr1 CMD: message}, and exit code 1; {@code -Drobustr1.stacktrace=true} prints the
   * stack trace too.
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new RobustR1Command());
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (!isInputError(ex) || Boolean.getBoolean("robustr1.stacktrace")) {
        throw ex;
      }
      cmd.getErr().println("robustr1 " + cmd.getCommandName() + ": " + ex.getMessage());
      cmd.getErr().flush();
      return cmd.getCommandSpec().exitCodeOnExecutionException();
    });
    return cl;
  }

  /** Errors whose message says what is wrong with the input; anything else keeps its stack trace. */
  static boolean isInputError(Exception ex) {
    return ex instanceof java.io.IOException
        || ex instanceof java.io.UncheckedIOException
        || ex instanceof IllegalArgumentException
        || ex instanceof org.robustr1.eval.data.DataFormatException
        || ex instanceof org.robustr1.train.data.BadRowException;
  }

  public static void main(String[] args) {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    System.exit(commandLine().execute(args));
  }
}
