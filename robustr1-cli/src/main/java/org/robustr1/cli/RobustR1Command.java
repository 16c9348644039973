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
      BenchCommand.class,
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

  /** Builds the command line with every subcommand registered. */
  public static CommandLine commandLine() {
    return new CommandLine(new RobustR1Command());
  }

  public static void main(String[] args) {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    System.exit(commandLine().execute(args));
  }
}
