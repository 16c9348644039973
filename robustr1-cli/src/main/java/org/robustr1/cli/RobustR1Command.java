package org.robustr1.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of the {@code robustr1} command line: one subcommand per pipeline stage. */
@Command(
    name = "robustr1",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
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
      ProbeCommand.class,
      RbenchScoreCommand.class,
      ScoreCommand.class,
      ServeCommand.class,
      SftCommand.class,
      SyntheticDataCommand.class,
    })
public final class RobustR1Command implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code --verbose}: DJL's INFO lines, the CUDA probe and PyTorch's warnings too. */
  boolean verbose;

  /** {@code --debug}: stack traces with every error. */
  boolean debug;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "also show DJL's INFO lines, the CUDA probe's warnings and PyTorch's C++ warnings")
  void setVerbose(boolean v) {
    // inherited copies of the option all set this field; a default (false) never clears a given --verbose
    verbose |= v;
  }

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "print the stack trace of an error")
  void setDebug(boolean d) {
    debug |= d;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The root command of {@code cmd}'s hierarchy. */
  static RobustR1Command root(CommandLine cmd) {
    CommandLine c = cmd;
    while (c.getParent() != null) {
      c = c.getParent();
    }
    return c.getCommand() instanceof RobustR1Command r ? r : new RobustR1Command();
  }

  /**
   * Builds the command line with every subcommand registered. A user error (an unreadable or
   * refused file, a bad row, a refused output folder, an invalid value) ends the command with one
   * line, {@code robustr1 CMD: message}, and exit code 2; an internal error with one line and exit
   * code 1; {@code --debug} prints the stack trace too ({@link CliErrors}). Enum values are
   * case-insensitive; {@code --config} recipes give defaults ({@link RecipeOptions}).
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new RobustR1Command());
    cl.addSubcommand(new CompletionCommand());
    CliErrors errors = new CliErrors();
    cl.setExecutionExceptionHandler(errors);
    cl.setParameterExceptionHandler(errors);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setDefaultValueProvider(new RecipeOptions.Defaults());
    cl.setExecutionStrategy(parsed -> {
      RobustR1Command root = root(cl);
      Logging.configure(root.verbose);
      Interrupts.running(last(parsed).commandSpec().name());
      return new CommandLine.RunLast().execute(parsed);
    });
    setVersionProvider(cl, new VersionProvider());
    return cl;
  }

  private static CommandLine.ParseResult last(CommandLine.ParseResult p) {
    CommandLine.ParseResult cur = p;
    while (cur.hasSubcommand()) {
      cur = cur.subcommand();
    }
    return cur;
  }

  private static void setVersionProvider(CommandLine cl, VersionProvider v) {
    cl.getCommandSpec().versionProvider(v);
    cl.getSubcommands().values().forEach(sub -> setVersionProvider(sub, v));
  }

  public static void main(String[] args) {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    System.setErr(ConsoleStream.over(System.err));
    Interrupts.install(System.err);
    int code = commandLine().execute(args);
    Interrupts.finished();
    System.exit(code);
  }
}
