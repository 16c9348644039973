package org.robustr1.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code robustr1 degrade}: the degradation simulator. A parent command only; adding a
 * subcommand is one entry in the {@code subcommands} list below.
 */
@Command(
    name = "degrade",
    mixinStandardHelpOptions = true,
    description = "Degrade images: the 16 official Robust-R1 ops (sample, replay, eval-set) and ImageNet-C.",
    subcommands = {
      DegradeSampleCommand.class,
      DegradeReplayCommand.class,
      DegradeEvalSetCommand.class,
      ImageNetCCommand.class,
    })
public final class DegradeCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
